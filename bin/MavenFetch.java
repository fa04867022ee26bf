// Used by bin/mvn only on machines without curl/wget, sha512sum/shasum or tar; runs as a single
// source file (`java bin/MavenFetch.java ...`), so it needs nothing but a JDK.
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.GZIPInputStream;

public final class MavenFetch {
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("fetch")) {
            fetch(URI.create(args[1]), Path.of(args[2]));
        } else if (args.length == 2 && args[0].equals("sha512")) {
            System.out.println(sha512(Path.of(args[1])));
        } else if (args.length == 3 && args[0].equals("untar")) {
            untarGz(Path.of(args[1]), Path.of(args[2]));
        } else {
            System.err.println("Usage: MavenFetch fetch URL FILE | sha512 FILE | untar FILE.tar.gz DIR");
            System.exit(2);
        }
    }

    private static void fetch(URI uri, Path target) throws IOException, InterruptedException {
        HttpClient.Builder client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30));
        String proxy = System.getenv().getOrDefault("https_proxy", System.getenv("HTTPS_PROXY"));
        if (proxy != null && !proxy.isBlank()) {
            URI proxyUri = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
            int port = proxyUri.getPort() > 0 ? proxyUri.getPort() : 80;
            client.proxy(ProxySelector.of(new InetSocketAddress(proxyUri.getHost(), port)));
        }
        HttpResponse<Path> response = client.build()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            Files.deleteIfExists(target);
            throw new IOException("Cannot download " + uri + ": HTTP " + response.statusCode());
        }
    }

    private static String sha512(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-512");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // Reads ustar/GNU tar as written by the Maven assembly plugin: regular files and directories,
    // names split into prefix + name, GNU long names ('L'); other entry types are skipped.
    private static void untarGz(Path archive, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String prefix = field(header, 345, 155);
                String name = longName != null
                        ? longName
                        : prefix.isEmpty() ? field(header, 0, 100) : prefix + "/" + field(header, 0, 100);
                longName = null;
                long size = octal(header, 124, 12);
                long mode = octal(header, 100, 8);
                char type = (char) header[156];
                byte[] body = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (type == 'L') {
                    longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                Path target = root.resolve(name).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("Invalid tar entry outside the target directory: " + name);
                }
                if (type == '5') {
                    Files.createDirectories(target);
                } else if (type == '0' || type == 0) {
                    Files.createDirectories(target.getParent());
                    Files.write(target, body);
                    if ((mode & 0100) != 0) {
                        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target);
                        perms.add(PosixFilePermission.OWNER_EXECUTE);
                        perms.add(PosixFilePermission.GROUP_EXECUTE);
                        perms.add(PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(target, perms);
                    }
                }
            }
        }
    }

    private static long octal(byte[] header, int offset, int length) {
        String text = field(header, offset, length).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
