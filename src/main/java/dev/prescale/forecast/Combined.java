package dev.prescale.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * The median of several models, step by step: point, lower and upper bound each the median of the members' that could
 * forecast. A median combination is rarely the best model on a series, and rarely far from it, because one member's
 * failure (a diverging trend, a missed weekly shape) is outvoted; it is the robust choice where the backtest cannot
 * tell models apart. A member that cannot forecast a history is left out of that forecast; at least two must
 * forecast, or the error names every member's reason.
 */
public final class Combined implements Forecaster {

    private final List<Forecaster> members;

    public Combined(List<Forecaster> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("a combination needs at least two models, but had " + members.size());
        }
        this.members = List.copyOf(members);
    }

    @Override
    public String name() {
        return "median(" + String.join(",", members.stream().map(Forecaster::name).toList()) + ")";
    }

    @Override
    public Forecast forecast(Series history, int horizon, double intervalWidth) {
        List<Forecast> forecasts = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Forecaster member : members) {
            try {
                forecasts.add(member.forecast(history, horizon, intervalWidth));
            } catch (ForecastException e) {
                failed.add(member.name() + ": " + e.getMessage());
            }
        }
        if (forecasts.size() < 2) {
            throw new ForecastException("the median needs two members that forecast, but " + failed.size() + " of "
                    + members.size() + " could not (" + String.join("; ", failed) + ")", "give more history");
        }
        int n = forecasts.size();
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double[] p = new double[n];
        double[] l = new double[n];
        double[] u = new double[n];
        double[][] points = new double[n][];
        double[][] lowers = new double[n][];
        double[][] uppers = new double[n][];
        for (int m = 0; m < n; m++) {
            points[m] = forecasts.get(m).point();
            lowers[m] = forecasts.get(m).lower();
            uppers[m] = forecasts.get(m).upper();
        }
        for (int h = 0; h < horizon; h++) {
            for (int m = 0; m < n; m++) {
                p[m] = points[m][h];
                l[m] = lowers[m][h];
                u[m] = uppers[m][h];
            }
            point[h] = Intervals.median(p);
            lower[h] = Math.min(point[h], Intervals.median(l));
            upper[h] = Math.max(point[h], Intervals.median(u));
        }
        Forecast first = forecasts.get(0);
        return new Forecast(name(), first.start(), first.step(), point, lower, upper, intervalWidth);
    }
}
