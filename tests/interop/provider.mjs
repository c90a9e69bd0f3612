// A third-party OpenID provider for the interoperability test of our relying party
// (tests/test_interop_oidc_provider.py): panva's certified `oidc-provider`, configured the way
// a site operator would configure it, with its built-in development login and consent pages.
//
// Usage: node provider.mjs [PORT]
//   PORT (or INTEROP_PORT): the loopback port; 0 (the default) picks a free one.
//   INTEROP_CLIENTS: a JSON array of confidential clients,
//     [{"client_id": "...", "client_secret": "...", "redirect_uris": ["..."]}, ...]
//   INTEROP_CLAIMS_IN_ID_TOKEN=1: put the scope claims (email, profile) in the ID token as well
//     (oidc-provider's `conformIdTokenClaims: false`, what Keycloak, Google or Entra ID do);
//     by default they come from the UserInfo endpoint only (OpenID Connect Core 1.0 §5.4).
//
// Prints "READY <issuer>" once it accepts connections. Exits when stdin closes (the test that
// started it is gone) or on SIGTERM/SIGINT. Accounts: any login name signs in with any
// password; the account "<name>" has the verified email "<name>@interop.example".

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';
const port = Number(process.argv[2] ?? process.env.INTEROP_PORT ?? 0);
const clients = JSON.parse(process.env.INTEROP_CLIENTS ?? '[]');
const claimsInIdToken = process.env.INTEROP_CLAIMS_IN_ID_TOKEN === '1';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port ${process.argv[2] ?? process.env.INTEROP_PORT}`);
  process.exit(2);
}
if (!Array.isArray(clients) || clients.length === 0) {
  console.error('INTEROP_CLIENTS must be a non-empty JSON array of clients');
  process.exit(2);
}

// A fresh RS256 signing key for this run; its public half is served at the jwks_uri.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: `interop-${randomBytes(6).toString('hex')}`,
  alg: 'RS256',
  use: 'sig',
};

function configuration() {
  return {
    clients: clients.map((client) => ({
      client_id: client.client_id,
      client_secret: client.client_secret,
      redirect_uris: client.redirect_uris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'email', 'profile'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    conformIdTokenClaims: !claimsInIdToken,
    // PKCE (S256, the only method oidc-provider allows) for every client, confidential too.
    pkce: { required: () => true },
    // RFC 9207 (the `iss` authorization response parameter, advertised in the metadata as
    // `authorization_response_iss_parameter_supported`) is always on; nothing to configure.
    features: {
      devInteractions: { enabled: true },
    },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: `${id}@interop.example`,
            email_verified: true,
            name: `Interop ${id}`,
          };
        },
      };
    },
  };
}

const server = createServer();
server.listen(port, HOST, () => {
  const issuer = `http://${HOST}:${server.address().port}`;
  const provider = new Provider(issuer, configuration());
  for (const event of ['authorization.error', 'grant.error', 'userinfo.error', 'server_error']) {
    provider.on(event, (_ctx, error) => {
      console.error(`${event}: ${error.error ?? error.name}: ${error.error_description ?? ''}`
        + `${error.error_detail ? ` (${error.error_detail})` : ''}`);
    });
  }
  server.on('request', provider.callback());
  console.log(`READY ${issuer}`);
});

function stop() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
