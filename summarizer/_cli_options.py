"""Command-line flags made from `Options`: a field added there is a flag of every command.

    @app.command()
    @with_options
    def summarize(path: str, ..., options: dict[str, Any]) -> None:
        Summarizer(**options)

`with_options` adds one typer option per field (`--max-items`, `--cache/--no-cache`; help
text, type and default from the field) and hands the command the values given on the
command line as OPTIONS, a dict (flags not given are absent: a cassette's recorded
settings or the model's defaults apply). Nothing is validated here: `Summarizer`
(or `Options(**options)`) does it, inside the command's error handling, so a bad value is
one line and exit 2 like any configuration error. The key is never a flag: a command
line is visible to every user of the machine (`ps`); it comes from OPENAI_API_KEY.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin, overload

import typer
from pydantic.fields import FieldInfo

from summarizer._options import Options, flag

NEVER_FLAGS = frozenset({"api_key"})
_CLI_TYPES = (bool, int, float, Path, str)


Command = Callable[..., None]


@overload
def with_options(command: Command, *, exclude: Collection[str] = ()) -> Command: ...


@overload
def with_options(
    command: None = None, *, exclude: Collection[str] = ()
) -> Callable[[Command], Command]: ...


def with_options(
    command: Command | None = None, *, exclude: Collection[str] = ()
) -> Command | Callable[[Command], Command]:
    """COMMAND, which takes `options: dict[str, Any]`, with a flag per `Options` field
    but EXCLUDE. Use bare (`@with_options`) or with arguments."""
    if command is None:
        return functools.partial(with_options, exclude=exclude)
    names = [n for n in Options.model_fields if n not in NEVER_FLAGS and n not in exclude]

    @functools.wraps(command)
    def with_given_options(*args: Any, **values: Any) -> None:
        given = {name: values.pop(name) for name in names}
        options = {name: value for name, value in given.items() if value is not None}
        command(*args, **values, options=options)

    # typer reads the signature; eval_str: the command's annotations are strings here.
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "options"]
    flags = [_parameter(name, Options.model_fields[name]) for name in names]
    setattr(with_given_options, "__signature__", signature.replace(parameters=[*own, *flags]))  # noqa: B010
    return with_given_options


def option_flags(exclude: Collection[str] = ()) -> list[str]:
    """The flags `with_options` adds (the positive form of a boolean)."""
    return [flag(n) for n in Options.model_fields if n not in NEVER_FLAGS and n not in exclude]


def _parameter(name: str, field: FieldInfo) -> inspect.Parameter:
    kind = _cli_type(field.annotation)
    declaration = f"{flag(name)}/--no-{flag(name)[2:]}" if kind is bool else flag(name)
    option = typer.Option(declaration, help=_help(field), show_default=False)
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[Union[kind, None], option],  # noqa: UP007 - built at runtime
    )


def _cli_type(annotation: Any) -> type:
    """The command-line type of a field: `int` for `int >= 0 | Retrying`, `str` for
    `str | None`."""
    if get_origin(annotation) is Annotated:
        return _cli_type(get_args(annotation)[0])
    if annotation in _CLI_TYPES:
        return annotation  # type: ignore[no-any-return]
    for member in get_args(annotation):
        kind = _cli_type(member)
        if kind is not object:
            return kind
    return object


def _help(field: FieldInfo) -> str:
    described, default = field.description or "", field.default
    if default is None:
        return described
    if isinstance(default, bool):
        shown = "on" if default else "off"
    else:
        shown = f"{default:,}" if isinstance(default, int) else f"{default:g}"
    return f"{described} [default: {shown}]"
