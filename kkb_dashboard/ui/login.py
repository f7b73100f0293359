"""Who is visiting: the optional login (`st.login`), the gate pages for visitors who may not enter, the
signed-in user's box and an admin's user management.
"""

from __future__ import annotations

import streamlit as st

from kkb_dashboard.storage import access

from .. import i18n
from ..plaintext import plain
from .data import database, lang, tr
from .shared_view import bind_to_view, view_state

#: Every page's address (`/peta?wilayah=…`): app.py registers each, the login gate answers each.
PAGE_PATHS = ("ringkasan", "peta", "kegiatan", "klasifikasi", "simulasi", "tindak_lanjut", "data")


def login_configured() -> bool:
    """Whether `.streamlit/secrets.toml` (or `--secrets.files`) has an `[auth]` section: then only registered
    users get in. Without it the app is a laptop's: one local user who may do everything."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


@st.cache_data(show_spinner=False, ttl=10)
def _registered(email: str, target: str) -> access.User | None:
    return access.find_user(email, target)


def gate() -> access.User:
    """The visitor as a user (call before anything is drawn). With login configured, an anonymous visitor gets
    the login page and an e-mail not in the users table the "ask your admin" page: both stop the run here, so
    no figure is ever computed for them. A removed user is shut out within 10 seconds."""
    user = access.LOCAL
    if login_configured():
        if not st.user.is_logged_in:
            _login_page()
        email = str(st.user.get("email") or "")
        user = _registered(email.strip().lower(), str(database()))
        if user is None:
            _unknown_page(email)
    st.session_state["_user"] = user
    return user


def current_user() -> access.User:
    """The user of this run (`gate` decided it; the local user without login)."""
    return st.session_state.get("_user", access.LOCAL)


def _gate_language() -> None:
    # The app's page addresses all lead here, with no page list in the sidebar: without this Streamlit would list
    # the files of pages/ for the visitor, or say "page not found" for a shared link such as /peta. The root is
    # the default page, whose own url_path Streamlit reserves without serving it: one no link uses.
    gate = [st.Page(_gate_page, title=tr("access.login_title"), url_path="masuk", default=True)]
    gate += [st.Page(_gate_page, title=tr("access.login_title"), url_path=path) for path in PAGE_PATHS]
    st.navigation(gate, position="hidden")
    if not st.session_state.get("_restored") and st.query_params.get("lang") in i18n.LANGUAGES:
        view_state()["lang"] = st.query_params["lang"]
    st.radio(
        "Bahasa / Language",
        i18n.LANGUAGES,
        horizontal=True,
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
        **bind_to_view("lang"),
    )


def _gate_page() -> None:
    """The one page registered while the gate is shown (never run: the gate stops the script first)."""


def _login_page() -> None:
    _gate_language()
    st.title(tr("access.login_title"))
    st.write(tr("access.login_text"))
    st.button(tr("access.login_button"), type="primary", key="login", icon=":material/login:", on_click=st.login)
    st.stop()


def _unknown_page(email: str) -> None:
    _gate_language()
    st.title(tr("access.unknown_title"))
    st.warning(tr("access.unknown_text", email=plain(email or "–")))
    st.button(tr("access.logout_button"), key="logout", icon=":material/logout:", on_click=st.logout)
    st.stop()


def account_box(user: access.User) -> None:
    """In the sidebar, when signed in: who, with which role, and the sign-out button."""
    if not user.email:
        return
    with st.sidebar:
        st.divider()
        st.caption(tr("access.signed_in", email=plain(user.email), role=tr(f"access.role_{user.role}")))
        st.button(tr("access.logout_button"), key="logout", icon=":material/logout:", on_click=st.logout)


def users_admin(user: access.User) -> None:
    """An admin's user management: the users, a form to add or change one, a button to remove one."""
    st.caption(tr("access.users_help"))
    if done := st.session_state.pop("_users_done", None):
        st.success(plain(done))
    users = access.list_users(database())
    st.dataframe(access.users_table(users, lang()), hide_index=True, key="users_table")
    with st.form("user_add", border=True):
        st.markdown(f"**{tr('access.add_heading')}**")
        email = st.text_input(tr("access.field_email"), key="user_email")
        role = st.selectbox(
            tr("access.field_role"), access.ROLES, format_func=lambda r: tr(f"access.role_{r}"), key="user_role"
        )
        codes = st.text_input(tr("access.field_wilayah"), key="user_wilayah")
        if st.form_submit_button(tr("access.save_user"), type="primary"):
            saved = access.add_user(email, role, codes.replace(",", " ").split(), db=database(), lang=lang())
            where = f" — {access.scope_label(saved.wilayah)}" if saved.wilayah else ""
            st.session_state["_users_done"] = tr(
                "access.user_added", email=saved.email, role=tr(f"access.role_{saved.role}"), wilayah=where
            )
            _registered.clear()
            st.rerun()
    others = [u.email for u in users if u.email != user.email]
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    gone = left.selectbox(tr("access.remove_heading"), others, index=None, key="user_remove_pick")
    if right.button(
        tr("access.remove_user"), key="user_remove", disabled=gone is None, icon=":material/person_remove:"
    ):
        access.remove_user(gone, db=database(), lang=lang())
        st.session_state["_users_done"] = tr("access.user_removed", email=gone)
        _registered.clear()
        st.rerun()
