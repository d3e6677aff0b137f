package dev.prescale.forecast;

import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ScheduledEvent;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * History and business calendar in a real InfluxDB; the forecast read from them lifts the next sale. The sale runs
 * 09:00-21:00 New York time, and the history crosses the switch to daylight-saving time (8 March 2026), so an event
 * read back at the wrong offset would miss an hour of each occurrence.
 */
class HistoryForecastsIT {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** The point forecast for the hour starting at {@code local}. */
    static double at(Forecast f, ZonedDateTime local) {
        return f.point()[(int) ((local.toEpochSecond() - f.start()) / f.step())];
    }

    @Test
    void theCalendarInTheStoreLiftsTheNextSale() {
        ZonedDateTime day0 = ZonedDateTime.of(2026, 2, 2, 0, 0, 0, 0, NEW_YORK);
        int days = 56;
        int[] saleDays = {6, 20, 34, 48, 56};
        Random random = new Random(21);
        double[] hourly = new double[24 * days];
        for (int i = 0; i < hourly.length; i++) {
            ZonedDateTime local = day0.toInstant().plusSeconds(3600L * i).atZone(NEW_YORK);
            int day = (int) Duration.between(day0.toLocalDate().atStartOfDay(), local.toLocalDate().atStartOfDay())
                    .toDays();
            boolean onSale = java.util.Arrays.stream(saleDays).anyMatch(d -> d == day)
                    && local.getHour() >= 9 && local.getHour() < 21;
            hourly[i] = (onSale ? 2.5 : 1) * 400 * (1 + 0.5 * Math.sin(2 * Math.PI * (local.getHour() - 6) / 24))
                    * Math.exp(0.05 * random.nextGaussian());
        }
        RateTrace trace = RateTrace.of(day0.toInstant(), 3600, hourly);

        try (InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(),
                InfluxServer.newDatabase()))) {
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            profiles.saveHistory("shop", "test", trace, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
            for (int day : saleDays) {
                profiles.saveEvent(new ScheduledEvent("spring-sale", day0.plusDays(day).withHour(9),
                        Duration.ofHours(12), Double.NaN, "fortnightly sale"));
            }
            assertThat(store.flush(Duration.ofSeconds(30))).isTrue();

            Forecast f = HistoryForecasts.forecast(profiles, "shop", Duration.ofDays(2), 0.8,
                    ProphetModel.Options.DEFAULTS.withPeriods(86_400));

            // 56 x 24 hours after midnight EST ends at 01:00 EDT: index forecast steps by local time, not by count
            double lift = at(f, day0.plusDays(56).withHour(14)) / at(f, day0.plusDays(57).withHour(14));
            assertThat(lift).as("sale day against the day after, at 14:00").isCloseTo(2.5, within(0.35));
            double edges = at(f, day0.plusDays(56).withHour(9)) / at(f, day0.plusDays(56).withHour(8));
            double dayAfterEdges = at(f, day0.plusDays(57).withHour(9)) / at(f, day0.plusDays(57).withHour(8));
            assertThat(edges / dayAfterEdges).as("the lift starts at 09:00 local, not an hour off")
                    .isGreaterThan(1.8);
        }
    }
}
