package berth.cli.image;

import berth.cli.Verb;
import berth.cli.container.ImagePull;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pull", description = "Fetch an image from a registry")
public final class PullCommand extends Verb {
    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output") boolean quiet;
    @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository") boolean allTags;
    @Option(names = "--platform", description = "Set platform if server is multi-platform capable") String platform;
    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]") String image;

    @Override
    protected int run() throws Exception {
        PrintStream progress = quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out;
        boolean nameOnly = !ImageRef.split(image).hasTagOrDigest();
        if (allTags) {
            if (!nameOnly) {
                err.println("tag can't be used with --all-tags/-a");
                return 1;
            }
            ImagePull.pullAllTags(client(), image, platform, progress);
            out.println(fullName(image).replaceFirst(":latest$", ""));
            return 0;
        }
        if (nameOnly && !quiet) out.println("Using default tag: latest");
        ImagePull.pull(client(), image, platform, progress);
        out.println(fullName(image));
        return 0;
    }

    /** The docker CLI prints the normalised reference last: busybox → docker.io/library/busybox:latest. */
    static String fullName(String image) {
        String name = image;
        if (!ImageRef.split(name).hasTagOrDigest()) name += ":latest";
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasDomain = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasDomain) name = "docker.io/" + (slash < 0 ? "library/" : "") + name;
        return name;
    }
}
