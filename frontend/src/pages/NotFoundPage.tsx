import { Link } from "react-router-dom";
import { useI18n } from "../i18n/i18n";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t("error.notFound")}</h1>
      <Link to="/">{t("nav.home")}</Link>
    </section>
  );
}
