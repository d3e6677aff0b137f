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
import com.ezylang.evalex.parser.ParseException;

import java.math.BigDecimal;
import java.math.MathContext;
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
 */
public final class ExpressionPattern implements LoadPattern {

    /** The functions an expression may call, by the name used in the expression (case-insensitive). */
    public static final Set<String> FUNCTIONS;

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
                .build();
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
        this.source = source.strip();
        this.expression = new Expression(this.source, CONFIG);
        try {
            expression.validate();
            Set<String> unknown = new TreeSet<>(expression.getUndefinedVariables());
            unknown.removeIf(v -> v.equalsIgnoreCase("t"));
            if (!unknown.isEmpty()) {
                throw ProfileException.inField("pattern.expression", "'" + this.source + "' uses " + unknown
                        + ", which is neither the variable t nor a known function or constant (pi, e)", FIX);
            }
        } catch (ParseException e) {
            throw ProfileException.inField("pattern.expression", "'" + this.source + "' does not parse: "
                    + e.getMessage(), FIX, e);
        }
        rateAt(0, 0);
    }

    public String source() {
        return source;
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
        } catch (EvaluationException | ParseException | ArithmeticException e) {
            throw ProfileException.inField("pattern.expression", "'" + source + "' cannot be evaluated at t=" + t
                    + " s: " + e.getMessage(), "make it defined for every t in the profile's duration", e);
        }
        if (!Double.isFinite(rate) || rate < 0) {
            throw ProfileException.inField("pattern.expression", "'" + source + "' gives " + rate + " requests/s at t="
                    + t + " s; a rate must be finite and >= 0", "keep it >= 0 over the whole duration, e.g. max(0, ...)");
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
