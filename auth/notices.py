"""The pages the site's sign-in routes answer with when sign-in or sign-out cannot go on, in
the reader's language (Chinese or English, from Accept-Language; Chinese when it names
neither), with a way back to the site. They were plain English text, which a principal whose
browser speaks Chinese met after pressing Back during a sign-in."""

from __future__ import annotations

from enum import StrEnum
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse

from auth.provider.pages import Language, choose_language


class Notice(StrEnum):
    SIGN_IN_FAILED = "sign_in_failed"
    UNAVAILABLE = "unavailable"
    UNKNOWN_PROVIDER = "unknown_provider"
    PROVIDER_UNREACHABLE = "provider_unreachable"
    NOT_ALLOWED = "not_allowed"
    TOO_MANY_ATTEMPTS = "too_many_attempts"  # {seconds}
    CROSS_SITE_SIGN_OUT = "cross_site_sign_out"
    SIGN_OUT_FAILED = "sign_out_failed"


TEXTS: dict[Language, dict[Notice, str]] = {
    Language.ZH_CN: {
        Notice.SIGN_IN_FAILED: "登录没有完成。请回到登录页重新开始。",
        Notice.UNAVAILABLE: "登录服务暂时不可用，请一分钟后再试。",
        Notice.UNKNOWN_PROVIDER: "没有这种登录方式。",
        Notice.PROVIDER_UNREACHABLE: "暂时无法连接身份服务，请稍后再试。",
        Notice.NOT_ALLOWED: "这个账号不能在本站登录。",
        Notice.TOO_MANY_ATTEMPTS: "登录尝试太频繁，请 {seconds} 秒后再试。",
        Notice.CROSS_SITE_SIGN_OUT: "退出登录只能从本站的页面发起。",
        Notice.SIGN_OUT_FAILED: "退出登录没有完成，请一分钟后再试。",
    },
    Language.EN: {
        Notice.SIGN_IN_FAILED: "Sign-in failed. Please start again from the sign-in page.",
        Notice.UNAVAILABLE: "Sign-in is temporarily unavailable. Please try again in a minute.",
        Notice.UNKNOWN_PROVIDER: "Unknown sign-in provider.",
        Notice.PROVIDER_UNREACHABLE: (
            "The identity provider cannot be reached. Please try again later."
        ),
        Notice.NOT_ALLOWED: "This account may not sign in here.",
        Notice.TOO_MANY_ATTEMPTS: (
            "Too many sign-in attempts. Please try again in {seconds} seconds."
        ),
        Notice.CROSS_SITE_SIGN_OUT: "Cross-site sign-out refused.",
        Notice.SIGN_OUT_FAILED: "Signing out failed. Please try again in a minute.",
    },
}
TITLE = {Language.ZH_CN: "希望生态", Language.EN: "Hope Ecosystem"}
BACK = {Language.ZH_CN: "返回首页", Language.EN: "Back to the home page"}
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


def notice_page(
    request: Request,
    notice: Notice,
    status_code: int,
    *,
    headers: dict[str, str] | None = None,
    **values: object,
) -> HTMLResponse:
    """The notice in the reader's language, with a link to the site's home."""
    language = choose_language(None, None, request.headers.get("accept-language"))
    text = TEXTS[language][notice].format(**values)
    html = f"""<!doctype html>
<html lang="{language.value}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(TITLE[language])}</title>
</head>
<body>
<main>
<p role="alert">{escape(text)}</p>
<p><a href="/">{escape(BACK[language])}</a></p>
</main>
</body>
</html>
"""
    return HTMLResponse(html, status_code=status_code, headers={**HEADERS, **(headers or {})})
