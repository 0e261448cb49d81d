"""A note's ``formula:`` read safely: Python's ``ast`` parser, then a whitelist, never ``eval``.

The text is only ever parsed (``ast.parse`` builds a tree and runs nothing) and then walked: every
node must be one of the few this grammar knows (numbers, ``x``, the note's parameters, ``pi``,
``e``, + - * / **, comparisons, ``and``/``or``/``not``, ``a if c else b`` and the calls in
``FUNCTIONS``). Anything else (attributes, subscripts, strings, lambdas, comprehensions, names with
``__``, keyword arguments, any other call) is refused with its column. Limits on length, bracket
depth (checked before parsing), tree depth, node count and exponent size keep every accepted
formula small enough for sympy to differentiate in milliseconds. The result is a tree of plain
tuples (``Node``) that ``symbolic.py`` turns into sympy.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from typing import Any

from conceptgraph.activations.constant import MAX_EXPONENT, constant_value
from conceptgraph.diagnostics import close_matches

__all__ = ["FUNCTIONS", "FormulaError", "MAX_LENGTH", "Node", "parse_formula"]

MAX_LENGTH = 400  # characters
MAX_NESTING = 20  # brackets inside brackets
MAX_DEPTH = 60  # levels of the syntax tree (a+b+c nests to the left: one level per term)
MAX_NODES = 150
MAX_CONSTANT = 1e300  # |value| of any constant part of the formula

# name → (least, most) arguments; None: no upper bound.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "exp": (1, 1), "log": (1, 1), "sqrt": (1, 1), "abs": (1, 1),
    "sin": (1, 1), "cos": (1, 1), "tan": (1, 1), "atan": (1, 1),
    "sinh": (1, 1), "cosh": (1, 1), "tanh": (1, 1),
    "erf": (1, 1), "erfc": (1, 1), "sigmoid": (1, 1), "softplus": (1, 1),
    "max": (2, None), "min": (2, None),
    "where": (3, 3),  # where(condition, value if true, value otherwise)
    "piecewise": (3, None),  # piecewise(c1, v1, c2, v2, ..., otherwise)
}
CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLE = "x"
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARISONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_BRACKETS = {"(": ")", "[": "]", "{": "}"}

# A formula as plain tuples: ("num", value), ("x",), ("param", name), ("neg", a),
# (op, a, b) for op in + - * / **, ("call", name, args), ("pw", ((value, cond), ...), otherwise);
# conditions: ("cmp", ops, operands), ("and", conds), ("or", conds), ("not", cond).
Node = tuple[Any, ...]

_REFUSED = {
    ast.Attribute: "attribute access", ast.Subscript: "indexing", ast.Slice: "slicing",
    ast.Lambda: "a lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a generator",
    ast.List: "a list", ast.Tuple: "a tuple", ast.Set: "a set", ast.Dict: "a mapping",
    ast.JoinedStr: "an f-string", ast.NamedExpr: "an assignment (:=)", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield", ast.Starred: "a starred argument",
}
FIX = ("a formula is arithmetic on x and the note's parameters, with the functions "
       + ", ".join(FUNCTIONS) + " (see the contributing guide)")


class FormulaError(ValueError):
    """Why a formula is refused: ``message`` (with the column) and ``hint``, the fix."""

    def __init__(self, message: str, hint: str = FIX) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def parse_formula(text: str, parameters: Mapping[str, float]) -> Node:
    """The checked tree of ``text``; ``FormulaError`` says what is refused and where."""
    if not text.strip():
        raise FormulaError("the formula is empty", 'write f(x), e.g. formula: "x * sigmoid(x)"')
    _check_nesting(text)
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is {len(text)} characters long, over the limit of "
                           f"{MAX_LENGTH}", "write it shorter: a parameter can stand for a "
                           "repeated constant")
    for column, char in enumerate(text, start=1):
        if not (char.isascii() and (char.isprintable() or char in " \n")):
            raise FormulaError(f"the formula holds the character U+{ord(char):04X} at column "
                               f"{column}", "write formulas in plain ASCII")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise FormulaError(f"the formula is not an expression: {exc.msg}{where}",
                           "check the brackets and operators (powers are written **)") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("the formula is nested too deeply", "write it with fewer levels"
                           ) from None
    walker = _Walker(parameters)
    node = walker.value(tree.body, 1)
    return node


def _check_nesting(text: str) -> None:
    """Brackets balanced and at most ``MAX_NESTING`` deep, before Python's parser sees them."""
    stack: list[str] = []
    for column, char in enumerate(text, start=1):
        if char in _BRACKETS:
            stack.append(char)
            if len(stack) > MAX_NESTING:
                raise FormulaError(f"the formula nests brackets more than {MAX_NESTING} deep "
                                   f"(at column {column})", "write it with fewer levels")
        elif char in ")]}" and (not stack or _BRACKETS[stack.pop()] != char):
            raise FormulaError(f"unbalanced {char!r} at column {column}", "check the brackets")
    if stack:
        raise FormulaError(f"{len(stack)} unclosed {stack[-1]!r}", "close every bracket")


def _at(node: ast.AST) -> str:
    return f"at column {getattr(node, 'col_offset', 0) + 1}"


class _Walker:
    """Turns a whitelisted ``ast`` tree into ``Node`` tuples; refuses everything else."""

    def __init__(self, parameters: Mapping[str, float]) -> None:
        self.parameters = dict(parameters)
        self.count = 0

    def _enter(self, node: ast.AST, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise FormulaError(f"the formula has more than {MAX_NODES} parts",
                               "write it shorter")
        if depth > MAX_DEPTH:
            raise FormulaError(f"the formula is more than {MAX_DEPTH} levels deep {_at(node)}",
                               "write it with fewer levels")

    def _refuse(self, node: ast.AST) -> FormulaError:
        what = _REFUSED.get(type(node), f"Python syntax ({type(node).__name__})")
        if isinstance(node, ast.Attribute):
            what += f" ('.{node.attr}')"
        if isinstance(node, ast.Compare | ast.BoolOp) or (
                isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            return FormulaError(f"a condition is used as a value {_at(node)}",
                                "conditions belong in where(condition, a, b), "
                                "piecewise(...) or 'a if condition else b'")
        return FormulaError(f"the formula uses {what} {_at(node)}, which is not allowed")

    def value(self, node: ast.AST, depth: int) -> Node:
        self._enter(node, depth)
        d = depth + 1
        if isinstance(node, ast.Constant):
            return self._number(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            inner = self.value(node.operand, d)
            return ("neg", inner) if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            op = _OPERATORS[type(node.op)]
            left, right = self.value(node.left, d), self.value(node.right, d)
            if op == "**":
                self._check_power(node, right)
            result = (op, left, right)
            self._check_constant(result, node)
            return result
        if isinstance(node, ast.BinOp):
            return self._operator(node)
        if isinstance(node, ast.Call):
            return self._call(node, d)
        if isinstance(node, ast.IfExp):
            return ("pw", ((self.value(node.body, d), self.condition(node.test, d)),),
                    self.value(node.orelse, d))
        raise self._refuse(node)

    def _operator(self, node: ast.BinOp) -> Node:
        symbol = {ast.BitXor: "^", ast.MatMult: "@", ast.FloorDiv: "//", ast.Mod: "%",
                  ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>"}.get(
                      type(node.op), "?")
        hint = "write powers as x**2" if symbol == "^" else FIX
        raise FormulaError(f"the operator {symbol!r} is not allowed {_at(node)}", hint)

    def _number(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            kind = {str: "text", bytes: "bytes", complex: "a complex number",
                    bool: "True/False"}.get(type(value), type(value).__name__)
            raise FormulaError(f"the formula holds {kind} {_at(node)}; only real numbers are "
                               "allowed")
        if isinstance(value, int) and abs(value) > MAX_CONSTANT:
            raise FormulaError(f"the number {_at(node)} is too large (over {MAX_CONSTANT:g})",
                               "write a smaller number")
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise FormulaError(f"the number {_at(node)} is too large (over {MAX_CONSTANT:g})",
                               "write a smaller number")
        return ("num", value)

    def _name(self, node: ast.Name) -> Node:
        name = node.id
        if "__" in name:
            raise FormulaError(f"the name {name!r} is refused {_at(node)} (names with '__' are "
                               "never allowed)")
        if name == VARIABLE:
            return ("x",)
        if name in self.parameters:
            return ("param", name)
        if name in CONSTANTS:
            return ("num", CONSTANTS[name])
        if name in FUNCTIONS:
            raise FormulaError(f"the function {name!r} is used without arguments {_at(node)}",
                               f"call it: {name}(x)")
        known = [VARIABLE, *self.parameters, *CONSTANTS]
        close = close_matches(name, known, n=1)
        hint = (f"did you mean {close[0]!r}?" if close else
                f"the variable is x; declare a parameter as parameters: {{{name}: 1.0}}")
        raise FormulaError(f"unknown name {name!r} {_at(node)}", hint)

    def _call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name):
            raise self._refuse(node.func) if not isinstance(node.func, ast.Call) else \
                FormulaError(f"only named functions can be called {_at(node)}")
        name = node.func.id
        if "__" in name:
            raise FormulaError(f"the name {name!r} is refused {_at(node)} (names with '__' are "
                               "never allowed)")
        if name not in FUNCTIONS:
            close = close_matches(name, FUNCTIONS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known functions: " + \
                ", ".join(FUNCTIONS)
            raise FormulaError(f"unknown function {name!r} {_at(node)}", hint)
        if node.keywords:
            raise FormulaError(f"{name}() takes no keyword arguments {_at(node)}",
                               "write the arguments in order")
        least, most = FUNCTIONS[name]
        count = len(node.args)
        if count < least or (most is not None and count > most) or (
                name == "piecewise" and count % 2 == 0):
            want = {"where": "3 arguments: where(condition, value, otherwise)",
                    "piecewise": "an odd number of arguments: piecewise(c1, v1, ..., "
                                 "otherwise)",
                    "max": "2 or more arguments", "min": "2 or more arguments"}.get(
                        name, "1 argument")
            raise FormulaError(f"{name}() takes {want}, received {count} {_at(node)}",
                               f"write {name}() with {want.split(':')[0]}")
        if name in ("where", "piecewise"):
            args = node.args
            pairs = tuple((self.value(args[i + 1], depth), self.condition(args[i], depth))
                          for i in range(0, count - 1, 2))
            return ("pw", pairs, self.value(args[-1], depth))
        result = ("call", name, tuple(self.value(a, depth) for a in node.args))
        self._check_constant(result, node)
        return result

    def condition(self, node: ast.AST, depth: int) -> Node:
        self._enter(node, depth)
        d = depth + 1
        if isinstance(node, ast.Compare):
            ops = []
            for op in node.ops:
                if type(op) not in _COMPARISONS:
                    symbol = {ast.Eq: "==", ast.NotEq: "!="}.get(type(op), type(op).__name__)
                    raise FormulaError(f"the comparison {symbol!r} is not allowed {_at(node)}",
                                       "use <, <=, > or >=")
                ops.append(_COMPARISONS[type(op)])
            operands = (self.value(node.left, d), *(self.value(c, d) for c in node.comparators))
            return ("cmp", tuple(ops), operands)
        if isinstance(node, ast.BoolOp):
            kind = "and" if isinstance(node.op, ast.And) else "or"
            return (kind, tuple(self.condition(v, d) for v in node.values))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return ("not", self.condition(node.operand, d))
        raise FormulaError(f"expected a condition such as x > 0 {_at(node)}",
                           "the first argument of where() is a comparison: where(x > 0, x, 0)")

    def _check_power(self, node: ast.BinOp, exponent: Node) -> None:
        value = constant_value(exponent, self.parameters)
        if value is not None and abs(value) > MAX_EXPONENT:
            raise FormulaError(f"the exponent {_at(node.right)} is {value:.6g}, over the limit "
                               f"of {MAX_EXPONENT}", "use a smaller power")

    def _check_constant(self, tree: Node, node: ast.AST) -> None:
        try:
            value = constant_value(tree, self.parameters)
        except (OverflowError, ZeroDivisionError, ValueError):
            value = math.inf
        if value is not None and not abs(value) <= MAX_CONSTANT:
            raise FormulaError(f"the constant part {_at(node)} is too large or not a real "
                               "number", "write a smaller constant")
