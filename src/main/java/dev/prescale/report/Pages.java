package dev.prescale.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The page every report is: one self-contained HTML file, one style, readable on screen and on an A4 page. */
public final class Pages {

    static final String STYLE = "<style>body{font-family:system-ui,sans-serif;margin:20px auto;max-width:720px;"
            + "color:#222;line-height:1.4}h1{font-size:21px}h2{font-size:16px;margin-top:26px}h3{font-size:14px;"
            + "margin:18px 0 4px}table{border-collapse:collapse;font-size:12px;margin:8px 0}td,th{border:1px solid "
            + "#ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:"
            + "left}.pass{color:#009E73;font-weight:bold}.fail{color:#D55E00;font-weight:bold}svg{display:block;"
            + "margin:6px 0;max-width:100%;height:auto}.days>.day{display:none}.days>input{position:absolute;"
            + "opacity:0}.days>label{display:inline-block;font-size:11px;padding:2px 6px;margin:2px;border:1px solid "
            + "#bbb;border-radius:3px;cursor:pointer}.days>input:checked+label{background:#0072B2;color:#fff;"
            + "border-color:#0072B2}.verdict{font-weight:bold}"
            + "@media print{body{max-width:none;margin:0}.days>label,.days>input{display:none}"
            + ".days>.day{display:block;break-inside:avoid}}</style>";

    private Pages() {
    }

    /** Text made safe inside HTML and SVG. */
    public static String escape(String text) {
        return SvgChart.escape(text);
    }

    /** A whole page around {@code body}, with the shared style. */
    public static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><title>" + SvgChart.escape(title) + "</title>" + STYLE
                + "</head><body>" + body + "</body></html>";
    }

    /** Writes a page, creating its folder; names the path and the fix when it cannot. */
    public static Path write(Path file, String html) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + file + ": " + e.getMessage()
                    + "; give a writable path", e);
        }
    }
}
