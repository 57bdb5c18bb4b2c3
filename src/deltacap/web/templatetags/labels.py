"""Template filters that give a code its name and a number its form, in the page's
language: every page has them (a builtin of the template engine, settings.TEMPLATES).

``{{ code|pollutant }}`` 化学需氧量 · ``{{ code|pollutant_hint }}`` 化学需氧量 <small>COD</small>
``{{ code|division }}`` 嘉善县 · ``{{ code|factor }}`` 化学需氧量 <small>w01018</small>
``{{ code|factor_unit }}`` mg/L · ``{{ "mg/m3"|unit }}`` mg/m³
``{{ value|number:2 }}`` 12,345.60 · ``{{ tonnes|quantity:"wan_t" }}`` 1.23 (in 万吨)
``{{ user|person }}`` 王建国 <small>js-editor</small> (an account, or a login; not translated)

And the tags of every page's frame: ``{% frame 'css' %}`` (an address of the frame) and
``{% once %}...{% endonce %}`` (a part written once per process and language).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, Node, NodeList, Parser, TextNode, Token, Variable
from django.template.context import Context
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.utils.autoreload import file_changed
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from deltacap.reference import labels

register = template.Library()


@register.filter
def pollutant(code: str) -> str:
    return labels.pollutant_name(code)


@register.filter
def pollutant_hint(code: str) -> SafeString:
    """The pollutant's name with its code as a hint (化学需氧量 COD)."""
    name = labels.pollutant_name(code)
    if name == code:
        return format_html("{}", code)
    return format_html('{} <small class="code">{}</small>', name, code)


@register.filter
def division(code: str | None) -> str:
    return labels.division_name(code)


@register.filter
def term(code: str, vocabulary: str) -> str:
    """A state or kind of the domain by its word (``{{ c.state|term:"split_state" }}``)."""
    return labels.term(code, vocabulary)


@register.filter
def sector(text: str) -> str:
    return labels.sector_name(text)


@register.filter
def period(code: str) -> str:
    return labels.period_name(code)


@register.filter
def factor(code: str) -> SafeString:
    """An HJ 212 factor by its name, with its code as a hint."""
    return format_html('{} <small class="code">{}</small>', labels.factor_name(code), code)


@register.filter
def person(value: Any) -> SafeString | str:
    """A person as people know them: the holder's full name with the login beside it, or
    the login alone; ``value`` an account or a login ("" for none)."""
    if not value:
        return ""
    if hasattr(value, "get_full_name"):
        user = value
    else:
        from deltacap.accounts.models import User

        user = User.objects.filter(username=str(value)).first()
    full = user.get_full_name() if user is not None else ""
    login = user.get_username() if user is not None else str(value)
    if not full:
        return format_html('<span translate="no">{}</span>', login)
    # A name is not translated (no language check flags a Chinese name on an English page).
    return format_html(
        '<span translate="no">{} <small class="login">{}</small></span>', full, login
    )


@register.filter
def factor_name(code: str) -> str:
    return labels.factor_name(code)


@register.filter
def factor_unit(code: str) -> str:
    return labels.factor_unit(code)


@register.filter
def unit(symbol: str) -> str:
    return labels.unit_symbol(symbol)


@register.filter
def number(value: Any, places: int | str | None = None) -> str:
    """A number with thousands separators (in Chinese too) and ``places`` decimals (none
    given: as many as it has, without trailing zeros); "—" for none."""
    return labels.format_number(value, None if places is None or places == "" else int(places))


@register.filter
def kg_as_tonnes(kg: Any) -> str:
    """An amount stored in kilograms (the registry's unit), shown in tonnes."""
    if kg is None or kg == "":
        return "—"
    return labels.format_number(Decimal(str(kg)) / 1000, None)


@register.filter
def fen_as_yuan(fen: Any) -> str:
    """Money stored in fen, shown in yuan to the fen."""
    if fen is None or fen == "":
        return "—"
    return labels.format_number(Decimal(str(fen)) / 100, 2)


@register.filter
def quantity(tonnes: Any, unit_code: str = "t") -> str:
    """An amount stored in tonnes, in the unit its table uses: "t" (to the kilogram, no
    trailing zeros), "wan_t" (万吨, 2 decimals), "kg"."""
    if tonnes is None or tonnes == "":
        return "—"
    value = Decimal(str(tonnes))
    if unit_code == "wan_t":
        return labels.format_number(value / labels.TONNES_PER_WAN, 2)
    if unit_code == "kg":
        return labels.format_number(value * 1000, 0)
    return labels.format_number(value.quantize(Decimal("0.001")), None)


@register.simple_tag
def frame(name: str) -> str:
    """An address of every page's frame (``web.navigation.frame_links``: its pages, its
    stylesheet and scripts), worked out once per process."""
    from deltacap.web.navigation import frame_links

    return frame_links()[name]


# Changed when a setting changes (tests) or a catalogue is compiled again while the
# development server runs: every part kept by {% once %} is written again.
_generation = [0]


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    _generation[0] += 1


@receiver(file_changed)
def _file_changed(file_path: Path, **kwargs: Any) -> None:
    if file_path.suffix == ".mo":
        _generation[0] += 1


def _constant(expression: FilterExpression | None) -> bool:
    """Whether a tag's argument is written in the template (a quoted text, no filters)."""
    if expression is None:
        return True
    var = expression.var
    return not expression.filters and (not isinstance(var, Variable) or var.lookups is None)


def _fixed(node: Node) -> bool:
    """Whether ``node`` writes the same for every request in one language: text, a
    translated text, the address of an asset or of the page frame, each written in the
    template and none kept under a name."""
    if isinstance(node, TextNode):
        return True
    if isinstance(node, TranslateNode):
        return (
            node.asvar is None
            and _constant(node.filter_expression)
            and _constant(node.message_context)
        )
    if isinstance(node, StaticNode):
        return node.varname is None and _constant(node.path)
    if getattr(node, "func", None) is frame:
        return (
            node.target_var is None  # type: ignore[attr-defined]
            and not node.kwargs  # type: ignore[attr-defined]
            and all(_constant(arg) for arg in node.args)  # type: ignore[attr-defined]
        )
    return False


class OnceNode(Node):
    """What ``{% once %}`` holds, written once per process for each language."""

    # It holds no block ({% extends %} looks for them in every page it renders).
    child_nodelists = ()

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.kept: dict[tuple[int, str, bool], SafeString] = {}

    def render(self, context: Context) -> SafeString:
        key = (_generation[0], get_language() or "", context.autoescape)
        text = self.kept.get(key)
        if text is None:
            text = self.kept[key] = mark_safe(self.nodelist.render(context))
        return text


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    """``{% once %}...{% endonce %}``: a part of the page frame that is the same for every
    request in the same language (text, ``{% translate "..." %}``, ``{% static '...' %}``,
    ``{% frame '...' %}``), written once per process and language instead of at every
    page. Anything else inside (a variable, a condition, a block, the CSRF token) is
    refused when the template is read, so nothing of one request can be kept for another."""
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    for node in nodelist:
        if not _fixed(node):
            raise template.TemplateSyntaxError(
                f"{{% once %}} holds only text, translations, assets and frame addresses "
                f"written in the template, not {node.token.contents if node.token else node!r}"
            )
    return OnceNode(nodelist)
