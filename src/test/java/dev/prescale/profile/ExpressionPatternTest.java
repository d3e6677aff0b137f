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
}
