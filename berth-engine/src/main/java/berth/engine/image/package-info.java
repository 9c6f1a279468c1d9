/**
 * Local images: references, manifests and configs as data, the image and tag rows ({@link berth.engine.image.ImageStore}), and the image service (list, inspect, history, tag, rmi, import). Depends on content, layer, store, events.
 */
package berth.engine.image;
