import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents from the API contract: the schema snapshot and the named operations in
// ../graphql/operations (shared with the server's tests). Nothing is fetched from a server.
// CODEGEN_GRAPHQL_DIR reads the contract from another folder (e.g. a clean checkout of graphql/).
const contract = process.env.CODEGEN_GRAPHQL_DIR ?? "../graphql";

const config: CodegenConfig = {
  schema: `${contract}/schema.graphql`,
  documents: [`${contract}/operations/*.graphql`],
  // Several shared operation files each carry the same MatchFields fragment.
  skipDocumentsValidation: { skipDuplicateValidation: true },
  generates: {
    [process.env.CODEGEN_OUT ?? "src/gql/"]: {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { BigInt: "number | string", Date: "string", DateTime: "string" },
        dedupeFragments: true,
      },
    },
  },
};

export default config;
