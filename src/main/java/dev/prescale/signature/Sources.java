package dev.prescale.signature;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which kind of client sent a request, from its user agent: what a load signature is kept per, since a crawler's
 * minute and a shopper's minute cost differently. The rules are ordered; the first that matches names the source.
 */
public final class Sources {

    public static final String CRAWLER = "crawler";
    public static final String FEED_READER = "feed-reader";
    public static final String API_CLIENT = "api-client";
    public static final String MOBILE = "mobile-browser";
    public static final String DESKTOP = "desktop-browser";
    public static final String OTHER = "other";

    private static final Pattern CRAWLERS = Pattern.compile(
            "bot|crawl|spider|slurp|archiver|scrapy|facebookexternalhit|mediapartners|bingpreview|yandex|baidu");
    private static final Pattern FEEDS = Pattern.compile("feed|rss|atom|tiny tiny|newsblur|inoreader|planet");
    private static final Pattern APIS = Pattern.compile(
            "^(curl|wget|python-requests|python-urllib|java/|okhttp|go-http-client|apache-httpclient|libwww-perl|"
                    + "ruby|php|node-fetch|axios|gatling)");
    private static final Pattern MOBILES = Pattern.compile("mobile|android|iphone|ipad|ipod");

    private Sources() {
    }

    /** The source class of a user agent (empty or {@code -}: other). */
    public static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank() || userAgent.equals("-")) {
            return OTHER;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (CRAWLERS.matcher(ua).find()) {
            return CRAWLER;
        }
        if (FEEDS.matcher(ua).find()) {
            return FEED_READER;
        }
        if (APIS.matcher(ua).find()) {
            return API_CLIENT;
        }
        if (ua.startsWith("mozilla/") || ua.startsWith("opera")) {
            return MOBILES.matcher(ua).find() ? MOBILE : DESKTOP;
        }
        return OTHER;
    }
}
