package dev.prescale.controller;

import dev.prescale.forecast.Backtest;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.SeasonDetector;
import dev.prescale.forecast.Series;

import java.util.ArrayList;
import java.util.List;

/**
 * Which model forecasts, and whether it still deserves to: models are ranked by a rolling-origin backtest (MASE,
 * coverage nearest the target as tie-break); the live error of the current one is tracked as an exponentially weighted
 * mean of its scaled absolute error, and when that degrades past {@code degradeFactor} times its backtest MASE the
 * next-best model takes over.
 */
public final class ModelTracker {

    private final double degradeFactor;
    private final double smoothing;
    private List<Backtest.Row> ranking = List.of();
    private List<Forecaster> ranked = List.of();
    private int current;
    private double liveError = Double.NaN;

    public ModelTracker(double degradeFactor, double smoothing) {
        this.degradeFactor = degradeFactor;
        this.smoothing = smoothing;
    }

    /** Ranks the standard models on {@code history}: {@code origins} forecasts of {@code horizon} steps each. */
    public void rank(Series history, int horizon, int origins) {
        List<Integer> seasons = SeasonDetector.detect(history);
        int season = seasons.isEmpty() ? 1 : seasons.get(0);
        List<Forecaster> models = Backtest.standardModels(history);
        List<Backtest.Row> rows = Backtest.run(history, models, horizon, origins, season, 0.8);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).usable()) {
                order.add(i);
            }
        }
        if (order.isEmpty()) { // every model refused: rank those that could forecast rather than stop the loop
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).ok()) {
                    order.add(i);
                }
            }
        }
        order.sort((a, b) -> {
            int byMase = Double.compare(rows.get(a).mase(), rows.get(b).mase());
            return byMase != 0 ? byMase : Double.compare(Math.abs(rows.get(a).coverage() - 0.8),
                    Math.abs(rows.get(b).coverage() - 0.8));
        });
        ranked = order.stream().map(models::get).toList();
        ranking = order.stream().map(rows::get).toList();
        current = 0;
        liveError = Double.NaN;
        if (ranked.isEmpty()) {
            throw new IllegalStateException("no model could forecast this history: " + Backtest.table(rows, 0.8));
        }
    }

    public Forecaster current() {
        return ranked.get(current);
    }

    /** The current model's backtest MASE. */
    public double backtestMase() {
        return ranking.get(current).mase();
    }

    public double liveError() {
        return liveError;
    }

    /**
     * Adds a live observation of the current model's scaled error (|actual - forecast| / the naive scale).
     *
     * @return the model replaced, if this observation made the current one degrade past its bound
     */
    public java.util.Optional<String> observe(double scaledError) {
        if (!Double.isFinite(scaledError)) {
            return java.util.Optional.empty();
        }
        liveError = Double.isNaN(liveError) ? scaledError : smoothing * scaledError + (1 - smoothing) * liveError;
        if (liveError > degradeFactor * backtestMase() && current + 1 < ranked.size()) {
            String replaced = current().name();
            current++;
            liveError = Double.NaN;
            return java.util.Optional.of(replaced);
        }
        return java.util.Optional.empty();
    }

    /** Moves to the next-best model (the current one could not forecast); false when there is none. */
    public boolean next() {
        if (current + 1 >= ranked.size()) {
            return false;
        }
        current++;
        liveError = Double.NaN;
        return true;
    }

    /** Seats a model by name (after a restart, the one the store says was in use); false when unknown. */
    public boolean seat(String name) {
        for (int i = 0; i < ranked.size(); i++) {
            if (ranked.get(i).name().equals(name)) {
                current = i;
                return true;
            }
        }
        return false;
    }
}
