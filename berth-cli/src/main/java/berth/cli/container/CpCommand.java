package berth.cli.container;

import berth.api.errors.EngineException;
import berth.cli.CliError;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.JsonPath;
import berth.client.JsonReader;
import berth.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth cp}: copies between a container and the host through the archive endpoints. The host side is packed
 * and unpacked by tar(1); the entry names are rewritten to the destination's name where the copy renames, with the
 * docker CLI's rules (into an existing directory keeps the source's name; otherwise the destination names the copy).
 */
@Command(name = "cp", description = "Copy files between a container and the host ('-' for a tar stream)", sortOptions = false)
public final class CpCommand extends Verb {
    /** Go's os.ModeDir and os.ModeSymlink in the path-stat header's mode. */
    private static final long MODE_DIR = 1L << 31;
    private static final long MODE_SYMLINK = 1L << 27;

    @Option(names = {"-a", "--archive"}, description = "Keep the files' owners (UID:GID) as they are") boolean archive;
    @Option(names = {"-L", "--follow-link"}, description = "Copy what a symbolic link at SRC points to, not the link") boolean followLink;
    @Option(names = {"-q", "--quiet"}, description = "Print no summary (none is printed unless stderr is a terminal)") boolean quiet;
    @Parameters(index = "0", paramLabel = "SRC") String source;
    @Parameters(index = "1", paramLabel = "DEST") String destination;

    /** One side of the copy: a container and a path in it, or a host path (container null). */
    record Endpoint(String container, String path) {
        static Endpoint parse(String arg) {
            // a path that starts like a path is the host's, even with a colon in it
            if (arg.startsWith("/") || arg.startsWith(".") || arg.equals("-")) return new Endpoint(null, arg);
            int colon = arg.indexOf(':');
            if (colon <= 0) return new Endpoint(null, arg);
            return new Endpoint(arg.substring(0, colon), arg.substring(colon + 1));
        }
    }

    @Override
    protected int run() throws Exception {
        Endpoint from = Endpoint.parse(source);
        Endpoint to = Endpoint.parse(destination);
        if (from.container() == null && to.container() == null) throw new CliError("must specify at least one container source");
        if (from.container() != null && to.container() != null) throw new CliError("copying between containers is not supported");
        if (from.container() != null) return fromContainer(from, to.path());
        return toContainer(from.path(), to);
    }

    private int fromContainer(Endpoint from, String dest) throws Exception {
        EngineClient client = client();
        String srcPath = from.path();
        String rename = null;
        if (followLink) {
            Map<String, Object> stat = stat(client, from.container(), srcPath);
            if (stat != null && (mode(stat) & MODE_SYMLINK) != 0) {
                String target = JsonPath.text(JsonPath.get(stat, "linkTarget"));
                rename = base(srcPath);
                srcPath = target.startsWith("/") ? target : parent(srcPath) + "/" + target;
            }
        }
        String q = EngineClient.query(EngineClient.params("path", srcPath));
        try (Response r = client.call("GET", "/containers/" + from.container() + "/archive" + q, null)) {
            if (dest.equals("-")) {
                r.body().transferTo(out);
                out.flush();
                return 0;
            }
            Map<String, Object> srcStat = decode(r.header("X-Docker-Container-Path-Stat"));
            boolean srcDir = srcStat != null && (mode(srcStat) & MODE_DIR) != 0;
            String srcBase = srcStat != null ? JsonPath.text(JsonPath.get(srcStat, "name")) : base(srcPath);
            Path dst = Path.of(dest);
            String dstDir;
            String newBase = rename;
            if (Files.isDirectory(dst)) {
                dstDir = dest;
            } else if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
                if (srcDir) throw new CliError("cannot copy a directory to a file");
                dstDir = parentOf(dst);
                newBase = dst.getFileName().toString();
            } else {
                if (!srcDir && dest.endsWith("/")) {
                    throw new CliError("no such directory");
                }
                dstDir = parentOf(dst);
                if (!Files.isDirectory(Path.of(dstDir))) throw new CliError("lstat " + dstDir + ": no such file or directory");
                newBase = dst.getFileName().toString();
            }
            List<String> cmd = new ArrayList<>(List.of("tar", "-x", "-f", "-", "-C", dstDir, "--no-same-owner"));
            if (newBase != null && !newBase.equals(srcBase)) cmd.add(transform(srcBase, newBase));
            Counted counted = new Counted(r.body());
            int code = untar(cmd, counted);
            if (code == 0) reportCopied(counted.bytes, dest);
            return code;
        }
    }

    private int toContainer(String src, Endpoint to) throws Exception {
        EngineClient client = client();
        String dstPath = to.path();
        Map<String, Object> dstStat = stat(client, to.container(), dstPath);
        if (dstStat != null && (mode(dstStat) & MODE_SYMLINK) != 0) {
            String target = JsonPath.text(JsonPath.get(dstStat, "linkTarget"));
            dstPath = target.startsWith("/") ? target : parent(dstPath) + "/" + target;
            dstStat = stat(client, to.container(), dstPath);
        }
        boolean dstIsDir = dstStat != null && (mode(dstStat) & MODE_DIR) != 0;
        if (src.equals("-")) {
            if (!dstIsDir) throw new CliError("destination \"" + to.container() + ":" + to.path() + "\" must be a directory");
            put(client, to.container(), dstPath, System.in);
            // docker counts nothing of a tar it passes through from stdin
            reportCopied(0, to.container() + ":" + dstPath);
            return 0;
        }
        Path srcFile = Path.of(src);
        if (!Files.exists(srcFile, LinkOption.NOFOLLOW_LINKS)) throw new CliError("lstat " + srcFile.toAbsolutePath() + ": no such file or directory");
        Path packed = followLink ? srcFile.toRealPath() : srcFile.toAbsolutePath().normalize();
        boolean srcDir = Files.isDirectory(packed, LinkOption.NOFOLLOW_LINKS);
        String packedBase = packed.getFileName() == null ? "." : packed.getFileName().toString();
        String name = srcFile.toAbsolutePath().normalize().getFileName() == null ? packedBase
                : srcFile.toAbsolutePath().normalize().getFileName().toString();
        String dstDir = dstPath;
        if (!dstIsDir) {
            if (dstStat != null && srcDir) throw new CliError("cannot copy a directory to a file");
            if (dstStat == null && !srcDir && dstPath.endsWith("/")) {
                throw new CliError("no such directory");
            }
            dstDir = parent(dstPath);
            name = base(dstPath);
        }
        boolean contentsOnly = srcDir && (src.endsWith("/.") || src.equals("."));
        // 512-byte records: no padding after the end marker, the archive Go's tar writer (docker's) makes
        List<String> cmd = new ArrayList<>(List.of("tar", "-c", "-b", "1", "-f", "-", "-C"));
        if (contentsOnly && dstIsDir) {
            cmd.addAll(List.of(packed.toString(), "."));
        } else {
            cmd.add(packed.getParent() == null ? "/" : packed.getParent().toString());
            if (!name.equals(packedBase)) cmd.add(transform(packedBase, name));
            cmd.add(packedBase);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        try (InputStream tarStream = p.getInputStream()) {
            Counted counted = new Counted(tarStream);
            put(client, to.container(), dstDir, counted);
            if (p.waitFor() != 0) return 1;
            reportCopied(counted.bytes, to.container() + ":" + dstPath);
            return 0;
        }
    }

    private void put(EngineClient client, String container, String dir, InputStream tarStream) throws IOException {
        String q = EngineClient.query(EngineClient.params("copyUIDGID", archive ? "true" : null,
                "noOverwriteDirNonDir", "true", "path", dir));
        client.send("PUT", "/containers/" + container + "/archive" + q, Map.of(), tarStream).check().close();
    }

    /** The path-stat of a path in the container, or null when it does not exist (a missing container is reported). */
    private static Map<String, Object> stat(EngineClient client, String container, String path) throws IOException {
        String q = EngineClient.query(EngineClient.params("path", path));
        try (Response r = client.send("HEAD", "/containers/" + container + "/archive" + q, Map.of(), null)) {
            if (r.status() == 404 && r.header("X-Docker-Container-Path-Stat") == null) {
                // HEAD has no body: ask again with GET inspect to tell a missing container from a missing path
                client.call("GET", "/containers/" + container + "/json", null).close();
                return null;
            }
            return r.status() == 200 ? decode(r.header("X-Docker-Container-Path-Stat")) : null;
        } catch (EngineException e) {
            return null;
        }
    }

    private static Map<String, Object> decode(String header) {
        if (header == null) return null;
        return JsonPath.object(JsonReader.parse(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8)));
    }

    private static long mode(Map<String, Object> stat) {
        return JsonPath.longValue(JsonPath.get(stat, "mode"), 0);
    }

    /** GNU tar's --transform renaming the top entry (and what is below it) from one name to another. */
    static String transform(String from, String to) {
        return "--transform=s\u0001^" + from.replaceAll("([\\\\.\\[\\]*^$\u0001])", "\\\\$1") + "\\(/\\|$\\)\u0001"
                + to.replace("\\", "\\\\").replace("&", "\\&").replace("\u0001", "\\\u0001") + "\\1\u0001";
    }

    private static int untar(List<String> cmd, InputStream in) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream to = p.getOutputStream()) {
            in.transferTo(to);
        }
        return p.waitFor() == 0 ? 0 : 1;
    }

    /** docker's closing line, on a terminal only and not with -q: how much of the archive went where. */
    private void reportCopied(long bytes, String where) {
        if (!quiet && berth.cli.Terminal.isTerminal(2)) {
            err.println("Successfully copied " + berth.cli.format.Humanize.size(bytes) + " to " + where);
        }
    }

    /** Counts what passes through, for the closing line. */
    private static final class Counted extends java.io.FilterInputStream {
        long bytes;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) bytes++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) bytes += n;
            return n;
        }
    }

    static String base(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    static String parent(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    private static String parentOf(Path p) {
        Path parent = p.toAbsolutePath().normalize().getParent();
        return parent == null ? "/" : parent.toString();
    }
}
