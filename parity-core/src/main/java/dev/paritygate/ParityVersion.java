package dev.paritygate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The release of parity-gate on the classpath, as recorded in every verdict row. */
public final class ParityVersion {
    /** Returned when the version resource is missing (a build that skipped resource filtering). */
    public static final String UNKNOWN = "unknown";

    static final String RESOURCE = "/parity-version.properties";

    private static final String CURRENT = load();

    private ParityVersion() {}

    /** The version of this release, or {@link #UNKNOWN}. */
    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = ParityVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties props = new Properties();
            props.load(in);
            String version = props.getProperty("version", "").trim();
            // An unfiltered resource still holds the placeholder.
            return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
