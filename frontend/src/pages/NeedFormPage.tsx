import { useRef, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { useMutation } from "urql";
import { RequireRole } from "../components/Layout";
import { NeedForm, type SubmitNeed } from "../components/NeedForm";
import { Notice } from "../components/ui";
import { PostNeedDocument } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { errorKey, newIdempotencyKey } from "../lib/errors";
import { useFocusAfterRender } from "../lib/focus";
import { membershipsWith, useViewer } from "../lib/viewer";

function PostNeed() {
  const { t, textLang } = useI18n();
  const { viewer } = useViewer();
  const [params] = useSearchParams();
  const schools = membershipsWith(viewer, ["PRINCIPAL", "SCHOOL_STAFF"]).map((m) => m.party?.school).filter(Boolean);
  const requested = params.get("school");
  const schoolId = requested ?? schools[0]?.id ?? "";
  // A link naming a school the viewer does not post for (mistyped, or another's) is said so,
  // where the form would only have been refused as a whole.
  const unknownSchool = requested !== null && !schools.some((school) => school?.id === requested);
  const [, postNeed] = useMutation(PostNeedDocument);
  const [posted, setPosted] = useState<{ id: string; title: string; draft: boolean } | null>(null);
  // Posted (or saved as a draft), the form starts again empty below, and focus goes to the word
  // that it was, at the top: the submit button it was on is at the bottom of an empty form.
  const postedBox = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();

  const submit: SubmitNeed = async (input) => {
    setPosted(null);
    const result = await postNeed({ input: { ...input, schoolId, idempotencyKey: newIdempotencyKey() } });
    if (result.error) return errorKey(result.error)!;
    const payload = result.data!.postNeed;
    if (payload.need) {
      setPosted({ id: payload.need.id, title: payload.need.title, draft: payload.need.status === "DRAFT" });
      focusAfterRender(() => postedBox.current);
    }
    return payload.errors;
  };

  return (
    <>
      <h1>{t("form.needTitle")}</h1>
      <p>
        <Link to="/school">← {t("nav.school")}</Link>
      </p>
      <div ref={postedBox} tabIndex={-1}>
        {/* A live region there from the start, empty until a need is posted (see Notice). */}
        <Notice>
          {posted && (
            <>
              {t(posted.draft ? "form.needDraftSaved" : "form.needPosted")}{" "}
              <Link to={`/needs/${encodeURIComponent(posted.id)}`} lang={textLang(posted.title)}>
                {posted.title}
              </Link>
            </>
          )}
        </Notice>
      </div>
      {unknownSchool ? <Notice kind="error">{t("form.notYourSchool")}</Notice> : <NeedForm submit={submit} keepAs={schoolId} />}
    </>
  );
}

export default function NeedFormPage() {
  return (
    <RequireRole roles={["PRINCIPAL", "SCHOOL_STAFF"]}>
      <PostNeed />
    </RequireRole>
  );
}
