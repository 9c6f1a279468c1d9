package berth.cli.format;

import java.util.function.Supplier;

/**
 * A table cell worked out only if a template shows it, once: ps's CREATED AT (the zone name loads the JDK's time-zone
 * names) and SIZE (String.format loads its locale data) would otherwise cost every ps that does not show them.
 * {@link Formatter#renderRows} and {@link JacksonTree} treat any CharSequence as text.
 */
public final class LazyText implements CharSequence {
    private Supplier<String> make;
    private String text;

    public LazyText(Supplier<String> make) {
        this.make = make;
    }

    @Override
    public String toString() {
        if (text == null) {
            text = make.get();
            make = null;
        }
        return text;
    }

    @Override
    public int length() {
        return toString().length();
    }

    @Override
    public char charAt(int index) {
        return toString().charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().subSequence(start, end);
    }
}
