"""The pages people see: the login form and the error page, in Chinese (default) and English.

Plain HTML with one inline style sheet, no scripts and no external assets: the pages load on a
slow phone connection and their Content-Security-Policy can forbid everything else.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from html import escape
from urllib.parse import urlencode

from starlette.responses import HTMLResponse

from auth.provider.authorization import Problem


class LoginFailure(StrEnum):
    """Why the login form is shown again."""

    BAD_CREDENTIALS = "bad_credentials"
    TOO_MANY_ATTEMPTS = "too_many_attempts"


class Language(StrEnum):
    """The languages of the pages, as BCP 47 tags."""

    ZH_CN = "zh-CN"
    EN = "en"


@dataclass(frozen=True)
class Texts:
    """Everything a page says, in one language."""

    title: str
    heading: str
    intro: str  # "{client}" is replaced by the client id
    username: str
    password: str
    submit: str
    failures: Mapping[LoginFailure, str]
    error_title: str
    go_back: str
    switch: str  # the name of the other language, in that language
    languages: str  # names the language switch for screen readers
    problems: Mapping[Problem, str]


TEXTS: dict[Language, Texts] = {
    Language.ZH_CN: Texts(
        title="登录 · 希望生态",
        heading="登录希望生态",
        intro="应用 {client} 请求确认您的身份。",
        username="用户名",
        password="密码",
        submit="登录",
        failures={
            LoginFailure.BAD_CREDENTIALS: "用户名或密码不正确，请重试。",
            LoginFailure.TOO_MANY_ATTEMPTS: "登录尝试次数过多，请过几分钟再试。",
        },
        error_title="无法继续登录",
        go_back="请返回原来的应用，重新开始登录。",
        switch="English",
        languages="语言",
        problems={
            Problem.INVALID_REQUEST: "登录请求无效：参数缺失、重复或含有不允许的字符。",
            Problem.UNKNOWN_CLIENT: "发起登录的应用未在本平台登记。",
            Problem.INVALID_REDIRECT_URI: "登录完成后的返回地址未为该应用登记。",
            Problem.EXPIRED_FORM: "登录表单已过期或已被修改。",
            Problem.UNAVAILABLE: "服务暂时不可用，请稍后再试。",
        },
    ),
    Language.EN: Texts(
        title="Sign in · Hope Ecosystem",
        heading="Sign in to Hope Ecosystem",
        intro="The application {client} asks you to confirm who you are.",
        username="Username",
        password="Password",
        submit="Sign in",
        failures={
            LoginFailure.BAD_CREDENTIALS: "The username or password is incorrect. "
            "Please try again.",
            LoginFailure.TOO_MANY_ATTEMPTS: "Too many sign-in attempts. Please wait a few "
            "minutes and try again.",
        },
        error_title="Sign-in cannot continue",
        go_back="Go back to the application you came from and start signing in again.",
        switch="中文",
        languages="Language",
        problems={
            Problem.INVALID_REQUEST: "The sign-in request is invalid: a parameter is missing, "
            "repeated or holds a character that is not allowed.",
            Problem.UNKNOWN_CLIENT: "The application asking you to sign in is not registered.",
            Problem.INVALID_REDIRECT_URI: "The address to return to after signing in is not "
            "registered for this application.",
            Problem.EXPIRED_FORM: "The sign-in form has expired or was altered.",
            Problem.UNAVAILABLE: "The service is temporarily unavailable. Please try again later.",
        },
    ),
}

_STYLE = """
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;
color:#1b1b1b;background:#f4f6f4}
main{max-width:24rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.5rem;
box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin:0 0 1rem}
nav{text-align:right;font-size:.9rem}
label{display:block;margin-top:1rem;font-weight:600}
input{box-sizing:border-box;width:100%;margin-top:.25rem;padding:.6rem;font-size:1rem;
border:1px solid #767676;border-radius:.25rem}
input:focus,button:focus,a:focus{outline:3px solid #0b6e4f;outline-offset:2px}
button{width:100%;margin-top:1.5rem;padding:.7rem;font-size:1rem;color:#fff;background:#0b6e4f;
border:0;border-radius:.25rem;cursor:pointer}
.error{padding:.75rem;color:#8a1c1c;background:#fdecec;border:1px solid #8a1c1c;
border-radius:.25rem}
a{color:#0b6e4f}
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode("utf-8")).digest()).decode("ascii")

# No scripts, frames, plug-ins or foreign resources; the one style sheet is allowed by its hash.
# (No form-action: browsers would apply it to the redirect to the client after the form.)
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def choose_language(
    requested: str | None, ui_locales: str | None, accept_language: str | None
) -> Language:
    """The page language: ``?lang=``, then OpenID Connect's ``ui_locales``, then the browser's
    Accept-Language, then Chinese."""
    for tag in (requested or "").split() + (ui_locales or "").split():
        language = _supported(tag)
        if language is not None:
            return language
    for tag in _by_preference(accept_language or ""):
        language = _supported(tag)
        if language is not None:
            return language
    return Language.ZH_CN


def other_language(language: Language) -> Language:
    """The language the page's switch link leads to."""
    return Language.EN if language is Language.ZH_CN else Language.ZH_CN


def login_page(
    language: Language,
    *,
    action: str,
    hidden: Mapping[str, str],
    client_id: str,
    username: str,
    failure: LoginFailure | None,
    switch_href: str,
    status_code: int,
) -> HTMLResponse:
    """The login form. ``hidden`` are the fields carried to the POST (the pending authorization
    request and its anti-forgery token); after a failed attempt the form says why, without saying
    whether the username or the password was wrong, and keeps the username."""
    texts = TEXTS[language]
    invalid = ' aria-invalid="true" aria-describedby="form-error"' if failure else ""
    alert = (
        f'<p id="form-error" class="error" role="alert">{escape(texts.failures[failure])}</p>'
        if failure
        else ""
    )
    inputs = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in hidden.items()
    )
    client = f"<strong>{escape(client_id)}</strong>"
    body = f"""<h1>{escape(texts.heading)}</h1>
<p>{escape(texts.intro).replace("{client}", client)}</p>
{alert}
<form method="post" action="{escape(action)}">
{inputs}
<label for="username">{escape(texts.username)}</label>
<input id="username" name="username" type="text" value="{escape(username)}" required autofocus
 autocomplete="username" autocapitalize="none" spellcheck="false"{invalid}>
<label for="password">{escape(texts.password)}</label>
<input id="password" name="password" type="password" required
 autocomplete="current-password"{invalid}>
<button type="submit">{escape(texts.submit)}</button>
</form>"""
    return _page(language, texts.title, body, switch_href=switch_href, status_code=status_code)


def problem_page(language: Language, problem: Problem, status_code: int) -> HTMLResponse:
    """A page telling the person why sign-in cannot continue; it links nowhere."""
    texts = TEXTS[language]
    body = f"""<h1>{escape(texts.error_title)}</h1>
<p class="error" role="alert">{escape(texts.problems[problem])}</p>
<p>{escape(texts.go_back)}</p>"""
    return _page(language, texts.error_title, body, switch_href=None, status_code=status_code)


def switch_link(action: str, fields: Mapping[str, str], language: Language) -> str:
    """The address of the same login form in the other language."""
    return f"{action}?{urlencode({**fields, 'lang': other_language(language).value})}"


def _page(
    language: Language, title: str, body: str, *, switch_href: str | None, status_code: int
) -> HTMLResponse:
    other = other_language(language)
    texts = TEXTS[language]
    nav = (
        f'<nav aria-label="{escape(texts.languages)}"><a href="{escape(switch_href)}" '
        f'lang="{other.value}" hreflang="{other.value}">{escape(texts.switch)}</a></nav>'
        if switch_href is not None
        else ""
    )
    html = f"""<!doctype html>
<html lang="{language.value}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
{nav}
{body}
</main>
</body>
</html>
"""
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)


def _supported(tag: str) -> Language | None:
    primary = tag.strip().lower().partition("-")[0]
    if primary == "zh":
        return Language.ZH_CN
    if primary == "en":
        return Language.EN
    return None


def _by_preference(accept_language: str) -> list[str]:
    """The tags of an Accept-Language header, most preferred first, refused ones (q=0) left out."""
    weighted: list[tuple[float, str]] = []
    for item in accept_language.split(","):
        tag, _, parameters = item.partition(";")
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        if tag.strip() and weight > 0:
            weighted.append((weight, tag.strip()))
    # sorted() is stable: equally weighted tags keep the order the browser sent them in.
    return [tag for _, tag in sorted(weighted, key=lambda pair: -pair[0])]
