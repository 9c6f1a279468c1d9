package berth.engine.layer;

import berth.engine.content.Digest;

/**
 * A layer whose row says ready but whose files are gone or unreadable (deleted by hand, a broken disk). Reported
 * with the layer's chain ID and what to do about it; the image can be removed and pulled again.
 */
public final class DamagedLayerException extends java.io.IOException {
    private final Digest chainId;

    public DamagedLayerException(Digest chainId) {
        super("layer " + chainId + " is damaged (its files are missing): remove the image and pull it again");
        this.chainId = chainId;
    }

    public Digest chainId() {
        return chainId;
    }
}
