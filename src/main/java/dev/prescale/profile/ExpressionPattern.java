package dev.prescale.profile;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.config.ExpressionConfiguration;
import com.ezylang.evalex.config.MapBasedFunctionDictionary;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.functions.FunctionIfc;
import com.ezylang.evalex.functions.basic.AbsFunction;
import com.ezylang.evalex.functions.basic.CeilingFunction;
import com.ezylang.evalex.functions.basic.FloorFunction;
import com.ezylang.evalex.functions.basic.IfFunction;
import com.ezylang.evalex.functions.basic.Log10Function;
import com.ezylang.evalex.functions.basic.LogFunction;
import com.ezylang.evalex.functions.basic.MaxFunction;
import com.ezylang.evalex.functions.basic.MinFunction;
import com.ezylang.evalex.functions.basic.RoundFunction;
import com.ezylang.evalex.functions.basic.SqrtFunction;
import com.ezylang.evalex.functions.trigonometric.AcosRFunction;
import com.ezylang.evalex.functions.trigonometric.AsinRFunction;
import com.ezylang.evalex.functions.trigonometric.AtanRFunction;
import com.ezylang.evalex.functions.trigonometric.CosHFunction;
import com.ezylang.evalex.functions.trigonometric.CosRFunction;
import com.ezylang.evalex.functions.trigonometric.SinHFunction;
import com.ezylang.evalex.functions.trigonometric.SinRFunction;
import com.ezylang.evalex.functions.trigonometric.TanHFunction;
import com.ezylang.evalex.functions.trigonometric.TanRFunction;
import com.ezylang.evalex.operators.AbstractOperator;
import com.ezylang.evalex.operators.InfixOperator;
import com.ezylang.evalex.operators.OperatorIfc;
import com.ezylang.evalex.parser.ASTNode;
import com.ezylang.evalex.parser.ParseException;
import com.ezylang.evalex.parser.Token;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A custom pattern written as arithmetic in {@code t}, the seconds since the profile started, for example
 * {@code 200 + 150*sin(2*pi*t/86400)}.
 *
 * <p>Evaluated by EvalEx with a whitelist: the four operations, {@code ^}, comparisons, the constants {@code pi} and
 * {@code e}, and the functions in {@link #FUNCTIONS}. Trigonometry is in radians. There is no way from an expression
 * to a class, a method, a file or the clock: EvalEx has no reflection or script engine, and the non-arithmetic
 * functions it ships (strings, dates, random) are left out of the dictionary, so the rate is a pure function of
 * {@code t} and the same profile always injects the same traffic.
 *
 * <p>Its cost is bounded too, since a profile may come from an API client: at most {@value #MAX_LENGTH} characters,
 * {@value #MAX_NODES} operators and operands and {@value #MAX_DEPTH} levels of nesting, checked when it is parsed;
 * {@code ^} is computed in doubles (EvalEx's exact power would grind for minutes on {@code e^e^e^e^e}); a result too
 * large for a double, a root of a negative number or a division by zero is a named error, never a crash; and
 * {@link #checkOver} evaluates it across the whole duration within {@value #CHECK_BUDGET_MS} ms of CPU time.
 */
public final class ExpressionPattern implements LoadPattern {

    /** The functions an expression may call, by the name used in the expression (case-insensitive). */
    public static final Set<String> FUNCTIONS;

    /** The longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 2_000;
    /** The most operators, functions, numbers and variables an expression may have. */
    public static final int MAX_NODES = 500;
    /** The deepest nesting of operations accepted. */
    public static final int MAX_DEPTH = 200;
    /** Points {@link #checkOver} evaluates across a profile's duration. */
    static final int CHECK_POINTS = 2_001;
    /** CPU time {@link #checkOver} may take in all, in milliseconds: about 1 ms an evaluation. */
    public static final long CHECK_BUDGET_MS = 2_000;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static final ExpressionConfiguration CONFIG;
    private static final String FIX;

    static {
        Map<String, FunctionIfc> functions = Map.ofEntries(
                Map.entry("SIN", new SinRFunction()), Map.entry("COS", new CosRFunction()),
                Map.entry("TAN", new TanRFunction()), Map.entry("ASIN", new AsinRFunction()),
                Map.entry("ACOS", new AcosRFunction()), Map.entry("ATAN", new AtanRFunction()),
                Map.entry("SINH", new SinHFunction()), Map.entry("COSH", new CosHFunction()),
                Map.entry("TANH", new TanHFunction()), Map.entry("ABS", new AbsFunction()),
                Map.entry("SQRT", new SqrtFunction()), Map.entry("LOG", new LogFunction()),
                Map.entry("LOG10", new Log10Function()), Map.entry("MIN", new MinFunction()),
                Map.entry("MAX", new MaxFunction()), Map.entry("FLOOR", new FloorFunction()),
                Map.entry("CEILING", new CeilingFunction()), Map.entry("ROUND", new RoundFunction()),
                Map.entry("IF", new IfFunction()));
        @SuppressWarnings("unchecked")
        Map.Entry<String, FunctionIfc>[] entries = functions.entrySet().toArray(Map.Entry[]::new);
        CONFIG = ExpressionConfiguration.builder()
                .functionDictionary(MapBasedFunctionDictionary.ofFunctions(entries))
                .defaultConstants(Map.of(
                        "PI", EvaluationValue.numberValue(new BigDecimal(Math.PI)),
                        "E", EvaluationValue.numberValue(new BigDecimal(Math.E))))
                .mathContext(MathContext.DECIMAL64)
                .arraysAllowed(false)
                .structuresAllowed(false)
                .singleQuoteStringLiteralsAllowed(false)
                .implicitMultiplicationAllowed(false)
                .maxRecursionDepth(MAX_DEPTH + 8)
                .build()
                .withAdditionalOperators(Map.entry("^", new DoublePower()));
        FUNCTIONS = new TreeSet<>(functions.keySet().stream().map(String::toLowerCase).toList());
        FIX = "write arithmetic in t (seconds since the start), e.g. 200 + 150*sin(2*pi*t/86400), using + - * / ^,"
                + " pi, e and the functions " + FUNCTIONS;
    }

    private final String source;
    private final Expression expression;

    /**
     * Parses and checks {@code source} once, so a broken expression fails when the profile loads, not mid-run.
     *
     * @throws ProfileException naming {@code pattern.expression} when it does not parse, calls anything outside the
     *                          whitelist, uses a variable other than {@code t}, or does not give a number at t = 0
     */
    public ExpressionPattern(String source) {
        if (source == null || source.isBlank()) {
            throw ProfileException.inField("pattern.expression", "is empty", FIX);
        }
        if (source.length() > MAX_LENGTH) {
            throw ProfileException.inField("pattern.expression", "has " + source.length() + " characters, more than "
                    + MAX_LENGTH, "simplify it; a load shape needs a few terms, not thousands");
        }
        this.source = source.strip();
        this.expression = new Expression(this.source, CONFIG);
        try {
            checkSize(expression.getAbstractSyntaxTree());
            expression.validate();
            Set<String> unknown = new TreeSet<>(expression.getUndefinedVariables());
            unknown.removeIf(v -> v.equalsIgnoreCase("t"));
            if (!unknown.isEmpty()) {
                throw ProfileException.inField("pattern.expression", "'" + this.source + "' uses " + unknown
                        + ", which is neither the variable t nor a known function or constant (pi, e)", FIX);
            }
        } catch (ProfileException e) {
            throw e;
        } catch (ParseException | RuntimeException e) {
            throw ProfileException.inField("pattern.expression", "'" + this.source + "' does not parse: "
                    + message(e), FIX, e);
        }
        rateAt(0, 0);
    }

    /** Counts nodes and depth without recursion, so a pathological tree cannot overflow the stack here. */
    private void checkSize(ASTNode root) {
        Deque<Map.Entry<ASTNode, Integer>> pending = new ArrayDeque<>();
        pending.push(Map.entry(root, 1));
        int nodes = 0;
        int depth = 0;
        while (!pending.isEmpty()) {
            Map.Entry<ASTNode, Integer> next = pending.pop();
            if (++nodes > MAX_NODES) {
                throw ProfileException.inField("pattern.expression", "has more than " + MAX_NODES + " operators and "
                        + "operands", "simplify it; a load shape needs a few terms, not hundreds");
            }
            depth = Math.max(depth, next.getValue());
            for (ASTNode child : next.getKey().getParameters()) {
                pending.push(Map.entry(child, next.getValue() + 1));
            }
        }
        if (depth > MAX_DEPTH) {
            throw ProfileException.inField("pattern.expression", "nests " + depth + " levels deep, more than "
                    + MAX_DEPTH, "flatten it: fewer nested calls");
        }
    }

    /**
     * Checks the rate at {@value #CHECK_POINTS} evenly spaced times across {@code span} seconds: defined, finite and
     * never negative, and the whole check within {@value #CHECK_BUDGET_MS} ms of this thread's CPU time (not of the
     * clock: on a busy machine, e.g. an API answering many requests at once, a valid profile must stay valid).
     *
     * @throws ProfileException naming the first time it fails, or the time it took
     */
    public void checkOver(double span) {
        long started = cpuNanos();
        for (int i = 0; i < CHECK_POINTS; i++) {
            rateAt(span * i / (CHECK_POINTS - 1), span);
            long elapsedMs = (cpuNanos() - started) / 1_000_000;
            if (elapsedMs > CHECK_BUDGET_MS) {
                throw ProfileException.inField("pattern.expression", "'" + source + "' took " + elapsedMs + " ms for "
                        + (i + 1) + " evaluations, more than the " + CHECK_BUDGET_MS + " ms budget for " + CHECK_POINTS,
                        "simplify it: injection evaluates it thousands of times");
            }
        }
    }

    /** This thread's CPU time where the JVM measures it, else the clock. */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static String message(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return ProfileException.printable(text);
    }
    public String source() {
        return source;
    }

    /**
     * {@code a ^ b} in doubles, right-associative as EvalEx's own. A result that is not a finite number (an overflow,
     * a root of a negative number) is an evaluation error naming the operands.
     */
    @InfixOperator(precedence = OperatorIfc.OPERATOR_PRECEDENCE_POWER, leftAssociative = false)
    static final class DoublePower extends AbstractOperator {
        @Override
        public EvaluationValue evaluate(Expression expression, Token operator, EvaluationValue... operands)
                throws EvaluationException {
            if (!operands[0].isNumberValue() || !operands[1].isNumberValue()) {
                throw EvaluationException.ofUnsupportedDataTypeInOperation(operator);
            }
            double base = operands[0].getNumberValue().doubleValue();
            double exponent = operands[1].getNumberValue().doubleValue();
            double result = Math.pow(base, exponent);
            if (!Double.isFinite(result)) {
                throw new EvaluationException(operator, base + " ^ " + exponent + " is not a finite number");
            }
            return EvaluationValue.numberValue(new BigDecimal(result, expression.getConfiguration().getMathContext()));
        }

        @Override
        public int getPrecedence(ExpressionConfiguration configuration) {
            return configuration.getPowerOfPrecedence();
        }
    }

    /**
     * @throws ProfileException when the expression fails (division by zero) or gives a negative or non-finite rate at t
     */
    @Override
    public synchronized double rateAt(double t, double span) {
        double rate;
        try {
            EvaluationValue value = expression.with("t", BigDecimal.valueOf(t)).evaluate();
            if (!value.isNumberValue()) {
                throw ProfileException.inField("pattern.expression", "'" + source + "' gives " + value.getValue()
                        + " at t=" + t + " s, not a number", FIX);
            }
            rate = value.getNumberValue().doubleValue();
        } catch (ProfileException e) {
            throw e;
        } catch (EvaluationException | ParseException | RuntimeException e) {
            // NumberFormatException is how EvalEx reports an infinite or NaN intermediate (cosh(1000), 0^-1)
            String why = e instanceof NumberFormatException ? "a step is not a finite number" : message(e);
            throw ProfileException.inField("pattern.expression", "'" + source + "' cannot be evaluated at t=" + t
                    + " s: " + why, "make it defined and finite for every t in the profile's duration", e);
        }
        if (!Double.isFinite(rate) || rate < 0 || rate > Rates.MAX_RATE) {
            throw ProfileException.inField("pattern.expression", "'" + source + "' gives " + rate + " requests/s at t="
                    + t + " s; a rate must be from 0 to " + Rates.MAX_RATE, "keep it in that range over the whole "
                    + "duration, e.g. max(0, ...)");
        }
        return rate;
    }

    @Override
    public String type() {
        return "expression";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpressionPattern other && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return "ExpressionPattern[" + source + "]";
    }
}
