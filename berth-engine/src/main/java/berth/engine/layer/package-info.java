/**
 * Unpacked layers under {@code <data-root>/layers}: secure tar extraction with overlayfs whiteouts, the
 * {@code layers} table as the authority on which layer directories exist, and the overlay lower-dir chains.
 * Invariants: extraction never writes outside its layer directory; only 'ready' rows are visible; a directory
 * without a row is garbage that {@link berth.engine.layer.LayerStore#recover} removes. Depends on {@code sys},
 * {@code store} and {@code content}.
 */
package berth.engine.layer;
