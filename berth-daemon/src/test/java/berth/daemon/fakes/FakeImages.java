package berth.daemon.fakes;

import berth.api.errors.NotFoundException;
import berth.api.model.ImageDeleteItem;
import berth.api.model.ImageHistoryItem;
import berth.api.model.ImageInspect;
import berth.api.model.ImageSummary;
import berth.api.model.ProgressMessage;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An ImageService that records what it is asked; imports read the whole upload and count its bytes. */
public final class FakeImages implements ImageService {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile long importedBytes;

    @Override
    public List<ImageSummary> list(ImageListOptions options) {
        calls.add("list all=" + options.all() + " filters=" + options.filters()
                + (options.sharedSize() ? " shared-size=true" : ""));
        return List.of();
    }

    @Override
    public ImageInspect inspect(String name, berth.api.ApiVersion version) {
        calls.add("inspect " + name);
        throw NotFoundException.image(name);
    }

    @Override
    public List<ImageHistoryItem> history(String name) {
        calls.add("history " + name);
        return List.of();
    }

    @Override
    public void tag(String source, String repo, String tag) {
        calls.add("tag " + source + " " + repo + " " + tag);
    }

    @Override
    public List<ImageDeleteItem> remove(String name, boolean force, boolean noPrune) {
        calls.add("remove " + name + " force=" + force);
        return List.of();
    }

    @Override
    public String importImage(InputStream tarball, String repo, String tag, List<String> changes, String message,
                              Consumer<ProgressMessage> progress) {
        calls.add("import " + repo + ":" + tag + " changes=" + changes);
        try {
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = tarball.read(buffer)) > 0; ) total += n;
            importedBytes = total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the service reports the new image's ID as the last status, as ImageService documents
        progress.accept(ProgressMessage.status("sha256:" + "ab".repeat(32)));
        return "sha256:" + "ab".repeat(32);
    }

    @Override
    public ImageRecord resolve(String name) {
        throw NotFoundException.image(name);
    }
}
