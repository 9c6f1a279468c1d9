/**
 * Garbage collection of the store, mark and sweep: blobs and layers that no image, container or lease references are
 * removed. Sits above {@code layer} and {@code content}, below {@code image}; reads the images and containers tables
 * directly so that it never depends on the packages that write them (docs/store.md).
 */
package berth.engine.gc;
