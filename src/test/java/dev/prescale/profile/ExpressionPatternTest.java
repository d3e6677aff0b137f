package dev.prescale.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExpressionPatternTest {

    @Test
    void evaluatesArithmeticOfTimeInRadians() {
        ExpressionPattern p = new ExpressionPattern("200 + 150*sin(2*pi*t/86400)");
        for (double t : new double[]{0, 3600, 21600, 50000, 86399}) {
            assertThat(p.rateAt(t, 86400)).isCloseTo(200 + 150 * Math.sin(2 * Math.PI * t / 86400), within(1e-9));
        }
    }

    @Test
    void knowsEAndTheWhitelistedFunctions() {
        assertThat(new ExpressionPattern("e^(t/100)").rateAt(100, 0)).isCloseTo(Math.E, within(1e-9));
        assertThat(new ExpressionPattern("max(0, 10 - t) + sqrt(abs(t - 50))").rateAt(41, 0))
                .isCloseTo(3, within(1e-12));
        assertThat(new ExpressionPattern("if(t > 10, 5, 1)").rateAt(11, 0)).isEqualTo(5);
        assertThat(ExpressionPattern.FUNCTIONS).contains("sin", "cos", "max", "if").doesNotContain("random");
    }

    @Test
    void malformedExpressionNamesTheFieldAndTheFix() {
        assertThatThrownBy(() -> new ExpressionPattern("200 + * 3"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("field 'pattern.expression'")
                .hasMessageContaining("'200 + * 3' does not parse")
                .hasMessageContaining("Fix: write arithmetic in t");
        assertThatThrownBy(() -> new ExpressionPattern("(1 + t")).hasMessageContaining("does not parse");
        assertThatThrownBy(() -> new ExpressionPattern(" ")).hasMessageContaining("is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "java.lang.Runtime.getRuntime().exec(\"touch /tmp/pwned\")",
            "Runtime.getRuntime()",
            "DT_NOW()",
            "RANDOM() * 100",
            "STR_UPPER(\"x\")",
            "getClass().forName(\"java.lang.System\")",
            "x.y",
            "[1, 2][0]",
            "\"abc\""})
    void anythingBeyondArithmeticIsRefusedBeforeItRuns(String attempt) {
        assertThatThrownBy(() -> new ExpressionPattern(attempt))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("field 'pattern.expression'");
    }

    @Test
    void unknownVariablesAreNamed() {
        assertThatThrownBy(() -> new ExpressionPattern("100 + hour * 2"))
                .hasMessageContaining("uses [hour]")
                .hasMessageContaining("neither the variable t");
    }

    @Test
    void negativeOrUndefinedRatesAreReportedWithTheTime() {
        ExpressionPattern dips = new ExpressionPattern("100 - t");
        assertThat(dips.rateAt(50, 0)).isEqualTo(50);
        assertThatThrownBy(() -> dips.rateAt(150, 0))
                .hasMessageContaining("gives -50.0 requests/s at t=150.0 s")
                .hasMessageContaining("max(0, ...)");
        ExpressionPattern divides = new ExpressionPattern("100 / (10 - t)");
        assertThatThrownBy(() -> divides.rateAt(10, 0))
                .hasMessageContaining("cannot be evaluated at t=10.0 s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"e^e^e^e^e", "1e9999999999", "cosh(1000)", "(-1)^0.5", "0^-1", "1/0", "10^400 * 10^400",
            "sqrt(-1)", "log(0)", "1e999999999 * 1e999999999"})
    void runawayOrUndefinedArithmeticIsANamedErrorAtOnce(String source) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> new ExpressionPattern(source).checkOver(3600))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("field 'pattern.expression'");
        assertThat((System.nanoTime() - started) / 1e9).as("seconds to refuse " + source).isLessThan(5);
    }

    @Test
    void sizeIsBoundedWhenParsed_soAHugeSumCannotOverflowTheStack() {
        String sum = "1" + "+1".repeat(60_000);
        assertThatThrownBy(() -> new ExpressionPattern(sum)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("characters, more than " + ExpressionPattern.MAX_LENGTH);
        String terms = "t" + "+t".repeat(600); // within the length, beyond the operand count
        assertThatThrownBy(() -> new ExpressionPattern(terms)).hasMessageContaining("more than "
                + ExpressionPattern.MAX_NODES + " operators and operands");
        String nested = "(".repeat(100) + "t" + ")".repeat(100);
        assertThat(new ExpressionPattern(nested).rateAt(3, 0)).isEqualTo(3); // parentheses alone are not nesting
        String deep = "abs(".repeat(250) + "t" + ")".repeat(250);
        assertThatThrownBy(() -> new ExpressionPattern(deep)).hasMessageContaining("levels deep, more than "
                + ExpressionPattern.MAX_DEPTH);
    }

    @Test
    void theWholeDurationIsChecked_notJustItsStart() {
        ExpressionPattern falling = new ExpressionPattern("10 - t");
        falling.checkOver(5); // fine for five seconds
        assertThatThrownBy(() -> falling.checkOver(3600)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("requests/s at t=").hasMessageContaining("a rate must be from 0 to");
        assertThatThrownBy(() -> new ExpressionPattern("1 / abs(t - 1800)").checkOver(3600))
                .isInstanceOf(ProfileException.class).hasMessageContaining("t=1800");
    }

    @Test
    void powerIsComputedInDoubles() {
        assertThat(new ExpressionPattern("2^10").rateAt(0, 0)).isEqualTo(1024);
        assertThat(new ExpressionPattern("2^3^2").rateAt(0, 0)).isEqualTo(512); // right-associative
        assertThat(new ExpressionPattern("t^0.5").rateAt(16, 0)).isEqualTo(4);
        assertThat(new ExpressionPattern("-2^2").rateAt(0, 0)).isEqualTo(Math.pow(-2, 2)); // EvalEx binds unary minus first
    }
}
