// A small SurveyJS condition evaluator for the member's browser, so a question
// can appear the moment its condition is met without shipping survey-core.
// It copies survey-core's own semantics (loose, case-insensitive equality,
// numeric strings read as numbers, `and`/`or` over non-booleans) and answers
// `undefined` for anything outside its subset: then the server's decision,
// made by survey-core itself, stands. expressions.test.ts checks it against
// survey-core on a corpus of expressions.

export type AnswerValues = Readonly<Record<string, unknown>>;

type Node =
  | { kind: "const"; value: unknown }
  | { kind: "variable"; name: string }
  | { kind: "array"; items: Node[] }
  | { kind: "unary"; operator: "empty" | "notempty" | "negate"; operand: Node }
  | { kind: "binary"; operator: BinaryOperator; left: Node; right: Node };

type BinaryOperator =
  | "and"
  | "or"
  | "equal"
  | "notequal"
  | "less"
  | "greater"
  | "lessorequal"
  | "greaterorequal"
  | "contains"
  | "notcontains"
  | "anyof"
  | "allof"
  | "noneof";

type Token =
  | { type: "variable"; name: string }
  | { type: "string"; value: string }
  | { type: "number"; value: string }
  | { type: "word"; value: string }
  | { type: "symbol"; value: string };

const SYMBOLS = ["<=", ">=", "==", "!=", "<>", "&&", "||", "=", "<", ">", "!", "(", ")", "[", "]", ","];

const COMPARISONS: Record<string, BinaryOperator> = {
  "=": "equal",
  "==": "equal",
  equal: "equal",
  "!=": "notequal",
  "<>": "notequal",
  notequal: "notequal",
  "<": "less",
  less: "less",
  ">": "greater",
  greater: "greater",
  "<=": "lessorequal",
  lessorequal: "lessorequal",
  ">=": "greaterorequal",
  greaterorequal: "greaterorequal",
};

// survey-core binds these tighter than comparisons: `{a} contains 'x' = true`
// compares the result of `contains`.
const ARRAY_OPERATORS: Record<string, BinaryOperator> = {
  contains: "contains",
  contain: "contains",
  notcontains: "notcontains",
  notcontain: "notcontains",
  anyof: "anyof",
  allof: "allof",
  noneof: "noneof",
};

const LOGICAL_OR: Record<string, BinaryOperator> = { or: "or", "||": "or" };
const LOGICAL_AND: Record<string, BinaryOperator> = { and: "and", "&&": "and" };

const KEYWORDS = new Set([
  ...Object.keys(COMPARISONS),
  ...Object.keys(ARRAY_OPERATORS),
  ...Object.keys(LOGICAL_OR),
  ...Object.keys(LOGICAL_AND),
  "empty",
  "notempty",
  "negate",
  "true",
  "false",
  "null",
  "undefined",
]);

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (char === "{") {
      const end = source.indexOf("}", index);
      if (end < 0) return undefined;
      tokens.push({ type: "variable", name: source.slice(index + 1, end).trim() });
      index = end + 1;
      continue;
    }
    if (char === "'" || char === '"') {
      let value = "";
      let cursor = index + 1;
      while (cursor < source.length && source[cursor] !== char) {
        if (source[cursor] === "\\" && source[cursor + 1] === char) cursor += 1;
        value += source[cursor];
        cursor += 1;
      }
      if (cursor >= source.length) return undefined;
      tokens.push({ type: "string", value });
      index = cursor + 1;
      continue;
    }
    const number = /^-?(?:\d+\.?\d*|\.\d+)(?![\w.])/.exec(source.slice(index));
    const previous = tokens[tokens.length - 1];
    // A minus after a value would be subtraction, which this evaluator leaves to the server.
    if (number && !(char === "-" && previous && previous.type !== "symbol" && previous.type !== "word")) {
      // survey-core's grammar refuses "007" as a number.
      if (/^-?0\d/.test(number[0])) return undefined;
      tokens.push({ type: "number", value: number[0] });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(index));
    if (word) {
      tokens.push({ type: "word", value: word[0] });
      index += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => source.startsWith(candidate, index));
    if (!symbol) return undefined;
    tokens.push({ type: "symbol", value: symbol });
    index += symbol.length;
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node | undefined {
    const node = this.or();
    return node && this.position === this.tokens.length ? node : undefined;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private keyword(): string | undefined {
    const token = this.peek();
    if (!token) return undefined;
    if (token.type === "symbol") return token.value;
    if (token.type === "word") return token.value.toLowerCase();
    return undefined;
  }

  // Each level of precedence is a left-associative chain of the next one.
  private readonly or = (): Node | undefined => this.chain(LOGICAL_OR, this.and);
  private readonly and = (): Node | undefined => this.chain(LOGICAL_AND, this.comparison);
  private readonly comparison = (): Node | undefined => this.chain(COMPARISONS, this.arrayOperation);
  private readonly arrayOperation = (): Node | undefined => this.chain(ARRAY_OPERATORS, this.factor);

  private chain(operators: Record<string, BinaryOperator>, operand: () => Node | undefined): Node | undefined {
    let left = operand();
    let operator: BinaryOperator | undefined;
    while (left && (operator = operators[this.keyword() ?? ""])) {
      this.position += 1;
      const right = operand();
      left = right && { kind: "binary", operator, left, right };
    }
    return left;
  }

  private readonly factor = (): Node | undefined => {
    const token = this.peek();
    if (!token) return undefined;
    const keyword = this.keyword();
    if (keyword === "!" || keyword === "negate") {
      this.position += 1;
      const operand = this.factor();
      return operand && { kind: "unary", operator: "negate", operand };
    }
    if (keyword === "(") {
      this.position += 1;
      const inner = this.or();
      if (!inner || this.keyword() !== ")") return undefined;
      this.position += 1;
      return inner;
    }
    if (keyword === "[") return this.array();
    const atom = this.atom();
    if (!atom) return undefined;
    const after = this.keyword();
    if (after === "empty" || after === "notempty") {
      this.position += 1;
      return { kind: "unary", operator: after, operand: atom };
    }
    return atom;
  };

  private array(): Node | undefined {
    this.position += 1;
    const items: Node[] = [];
    if (this.keyword() === "]") {
      this.position += 1;
      return { kind: "array", items };
    }
    for (;;) {
      const item = this.atom();
      if (!item) return undefined;
      items.push(item);
      const separator = this.keyword();
      this.position += 1;
      if (separator === "]") return { kind: "array", items };
      if (separator !== ",") return undefined;
    }
  }

  private atom(): Node | undefined {
    const token = this.peek();
    if (!token) return undefined;
    this.position += 1;
    switch (token.type) {
      case "variable":
        // `{#q}` (no conversion) and `{q[0]}` (array items) are left to survey-core.
        return /^[A-Za-z_][\w.-]*$/.test(token.name) ? { kind: "variable", name: token.name } : undefined;
      case "string":
        return { kind: "const", value: token.value };
      case "number":
        return { kind: "const", value: constantValue(token.value) };
      case "word": {
        const word = token.value.toLowerCase();
        if (word === "true" || word === "false") return { kind: "const", value: word === "true" };
        if (word === "null" || word === "undefined") return { kind: "const", value: null };
        // survey-core reads a bare word as a string (`{a} = yes`); a function call is not ours.
        if (KEYWORDS.has(word) || this.keyword() === "(") return undefined;
        return { kind: "const", value: token.value };
      }
      default:
        return undefined;
    }
  }
}

/** Parses a SurveyJS condition; undefined when it is outside the supported subset. */
function parseCondition(expression: string): Node | undefined {
  const tokens = tokenize(expression);
  return tokens && tokens.length > 0 ? new Parser(tokens).parse() : undefined;
}

const cache = new Map<string, Node | null>();

/**
 * Evaluates a SurveyJS condition (`visibleIf`) over the answers as survey-core
 * would; `undefined` when the expression uses something this evaluator does
 * not support (functions, arithmetic, `{q[0]}`), so the caller keeps the
 * server's decision.
 */
export function evaluateCondition(expression: string, values: AnswerValues): boolean | undefined {
  let node = cache.get(expression);
  if (node === undefined) {
    node = parseCondition(expression) ?? null;
    cache.set(expression, node);
  }
  if (!node) return undefined;
  // survey-core's ConditionRunner reports `result == true`, loosely.
  return (evaluate(node, values) as unknown) == true;
}

/** True when the evaluator can decide this condition in the browser. */
export const isSupportedCondition = (expression: string): boolean => parseCondition(expression) !== undefined;

/** The question names a condition reads (`{a}`, `{matrix.row}` → `matrix`). */
export function conditionVariables(expression: string): string[] {
  const names = new Set<string>();
  for (const match of expression.matchAll(/\{\s*#?([^{}.[\s]+)[^{}]*\}/g)) names.add(match[1]!);
  return [...names];
}

function evaluate(node: Node, values: AnswerValues): unknown {
  switch (node.kind) {
    case "const":
      return node.value;
    case "variable":
      return variableValue(node.name, values);
    case "array":
      return node.items.map((item) => evaluate(item, values));
    case "unary": {
      const operand = evaluate(node.operand, values);
      if (node.operator === "negate") return !operand;
      return node.operator === "empty" ? isEmpty(operand) : !isEmpty(operand);
    }
    case "binary":
      return binary(node.operator, evaluate(node.left, values), evaluate(node.right, values));
  }
}

function lookup(container: unknown, key: string): { found: boolean; value?: unknown } {
  if (Array.isArray(container) && key.toLowerCase() === "length") return { found: true, value: container.length };
  if (typeof container !== "object" || container === null) return { found: false };
  const record = container as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, key)) return { found: true, value: record[key] };
  // survey-core matches question names without regard to case.
  const lower = key.toLowerCase();
  const match = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return match === undefined ? { found: false } : { found: true, value: record[match] };
}

function variableValue(name: string, values: AnswerValues): unknown {
  const whole = lookup(values, name);
  let current: { found: boolean; value?: unknown } = whole;
  if (!whole.found) {
    current = { found: true, value: values };
    for (const part of name.split(".")) {
      current = lookup(current.value, part);
      if (!current.found) return null;
    }
  }
  return current.value === undefined ? null : constantValue(current.value);
}

/** survey-core's reading of a value: "true"/"false" as booleans, numeric strings as numbers. */
function constantValue(value: unknown): unknown {
  if (!value || typeof value !== "string") return value;
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "false") return lower === "true";
  if (value.length > 1 && /^['"]/.test(value) && /['"]$/.test(value)) return value.slice(1, -1);
  const number = toNumber(value);
  if (Number.isNaN(number)) return value;
  // "01" stays text (a postcode, a code), "0.5" is a number.
  if (value[0] === "0" && !value.startsWith("0x") && value.length > 1 && value[1] !== "." && value[1] !== ",") return value;
  return number;
}

function toNumber(value: unknown): number {
  let text = value;
  if (typeof text === "string") {
    text = text.trim();
    const string = text as string;
    if (!string) return NaN;
    if (string.startsWith("0x")) return string.length > 32 ? NaN : parseInt(string);
    if (string.length > 15 && /^\d+$/.test(string)) return NaN;
    if (!(string.lastIndexOf("-") > 0 || string.lastIndexOf("+") > 0) && /[*^/%]/.test(string)) return NaN;
    const comma = string.indexOf(",");
    if (comma > -1 && string.indexOf(",", comma + 1) < 0) text = string.replace(",", ".");
  }
  const result = parseFloat(text as string);
  return Number.isNaN(result) || !isFinite(text as number) ? NaN : result;
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value && typeof value === "object" && value.constructor === Object) {
    return Object.values(value).every(isEmpty);
  }
  return !value && value !== 0 && value !== false;
}

const isObject = (value: unknown): value is object => value instanceof Object;

function isConvertibleToNumber(value: unknown): boolean {
  if (value === undefined || value === null || Array.isArray(value)) return false;
  try {
    return !isNaN(value as number);
  } catch {
    return false;
  }
}

/** survey-core's equality: trimmed, case-insensitive text, "1" equal to 1, arrays in any order. */
function equals(x: unknown, y: unknown): boolean {
  if (x === "undefined") x = undefined;
  if (y === "undefined") y = undefined;
  return valuesEqual(x, y);
}

function valuesEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if ((Array.isArray(x) && x.length === 0 && y === undefined) || (Array.isArray(y) && y.length === 0 && x === undefined)) return true;
  if (((x === undefined || x === null) && y === "") || ((y === undefined || y === null) && x === "")) return true;
  if (typeof x === "string" && typeof y === "string") return x.trim().toLowerCase() === y.trim().toLowerCase();
  if (isConvertibleToNumber(x) && isConvertibleToNumber(y)) {
    if (parseInt(x as string) === parseInt(y as string) && parseFloat(x as string) === parseFloat(y as string)) return true;
  }
  if (isEmpty(x) !== isEmpty(y)) return false;
  if (typeof x === "boolean" && typeof y === "string") return String(x) === y.toLocaleLowerCase();
  if (typeof y === "boolean" && typeof x === "string") return String(y) === x.toLocaleLowerCase();
  if (!isObject(x) && !isObject(y)) {
      return x == y;
  }
  if (!isObject(x) || !isObject(y)) return false;
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return false;
    const sortedX = [...x].sort();
    const sortedY = [...y].sort();
    return sortedX.every((item, index) => valuesEqual(item, sortedY[index]));
  }
  if (Array.isArray(x) || Array.isArray(y)) return false;
  const recordX = x as Record<string, unknown>;
  const recordY = y as Record<string, unknown>;
  const keysX = Object.keys(recordX);
  const keysY = Object.keys(recordY);
  return keysX.every((key) => key in recordY && valuesEqual(recordX[key], recordY[key])) && keysY.every((key) => key in recordX);
}

function containsCore(left: unknown, right: unknown, isContains: boolean): boolean {
  if (Array.isArray(left) && left.length === 0) return !isContains;
  if (!left && left !== 0 && left !== false) return false;
  let container = left as { length?: number; toString(): string };
  if (!container.length) container = container.toString();
  if (typeof container === "string") {
    if (!right) return false;
    const found = container.toLowerCase().indexOf(String(right).toLowerCase()) > -1;
    return isContains ? found : !found;
  }
  const items = container as unknown as unknown[];
  for (const wanted of Array.isArray(right) ? right : [right]) {
    let index = 0;
    for (; index < items.length; index += 1) if (equals(items[index], wanted)) break;
    if (index === items.length) return !isContains;
  }
  return isContains;
}

const contains = (left: unknown, right: unknown): boolean => containsCore(left, right, true);

function anyOf(left: unknown, right: unknown): boolean {
  if (isEmpty(left) && isEmpty(right)) return true;
  if (isEmpty(left) || (!Array.isArray(left) && (left as { length?: number }).length === 0)) return false;
  if (isEmpty(right)) return true;
  if (!Array.isArray(left)) return contains(right, left);
  if (!Array.isArray(right)) return contains(left, right);
  return right.some((item) => contains(left, item));
}

function greater(left: unknown, right: unknown): boolean {
  if (left == null || right == null) return false;
  return (left as number) > (right as number);
}

function less(left: unknown, right: unknown): boolean {
  if (left == null || right == null) return false;
  return (left as number) < (right as number);
}

// `and`/`or` go through survey-core's arithmetic wrapper, which turns an empty
// operand into 0, "" or [] depending on the other side before applying && / ||.
function emptyOperand(value: unknown, other: unknown): unknown {
  if (!isEmpty(value)) return value;
  if (typeof other === "number") return 0;
  if (typeof value === "string") return value;
  if (typeof other === "string") return "";
  if (Array.isArray(other)) return [];
  return 0;
}

function binary(operator: BinaryOperator, left: unknown, right: unknown): unknown {
  switch (operator) {
    case "and":
    case "or": {
      const a = emptyOperand(left, right);
      const b = emptyOperand(right, a);
      return operator === "and" ? a && b : a || b;
    }
    case "equal":
      return equals(left, right);
    case "notequal":
      return !equals(left, right);
    case "greater":
      return greater(left, right);
    case "less":
      return less(left, right);
    case "greaterorequal":
      return equals(left, right) || greater(left, right);
    case "lessorequal":
      return equals(left, right) || less(left, right);
    case "contains":
      return contains(left, right);
    case "notcontains":
      if (!left && !isEmpty(right)) return true;
      return containsCore(left, right, false);
    case "anyof":
      return anyOf(left, right);
    case "noneof":
      return !anyOf(left, right);
    case "allof":
      if (!left && !isEmpty(right)) return false;
      if (!Array.isArray(right)) return contains(left, right);
      return right.every((item) => contains(left, item));
  }
}
