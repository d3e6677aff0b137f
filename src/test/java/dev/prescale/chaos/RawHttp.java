package dev.prescale.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, one connection per request: a dropped connection shows as status -1 instead of being
 * retried away, as an HTTP client library might.
 */
final class RawHttp {

    /** One answer: status (-1: the connection ended first), time taken, and the instance that served it (or -1). */
    record Answer(int status, long nanos, int instance) {

        double millis() {
            return nanos / 1e6;
        }
    }

    private static final Pattern INSTANCE = Pattern.compile("\"instance\":(\\d+)");

    private RawHttp() {
    }

    static Answer call(URI base, String method, String path) {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null || !status.startsWith("HTTP/1.1 ")) {
                return new Answer(-1, System.nanoTime() - start, -1);
            }
            StringBuilder rest = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rest.append(line).append('\n');
            }
            long nanos = System.nanoTime() - start;
            Matcher m = INSTANCE.matcher(rest);
            return new Answer(Integer.parseInt(status.substring(9, 12)), nanos, m.find()
                    ? Integer.parseInt(m.group(1)) : -1);
        } catch (IOException e) {
            return new Answer(-1, System.nanoTime() - start, -1);
        }
    }

    /** {@code count} requests, {@code parallel} at a time; answers in sending order. */
    static List<Answer> calls(URI base, String method, String path, int count, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> call(base, method, path)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    static double share(List<Answer> answers, int status) {
        return answers.stream().filter(a -> a.status() == status).count() / (double) answers.size();
    }

    static double medianMillis(List<Answer> answers) {
        double[] ms = answers.stream().mapToDouble(Answer::millis).sorted().toArray();
        return ms[ms.length / 2];
    }

    static double meanMillis(List<Answer> answers) {
        return answers.stream().mapToDouble(Answer::millis).average().orElse(Double.NaN);
    }
}
