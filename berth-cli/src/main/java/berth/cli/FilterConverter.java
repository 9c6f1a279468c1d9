package berth.cli;

import picocli.CommandLine;

/** docker's opts.FilterOpt: a --filter value must be name=value, refused as a flag error otherwise. */
public final class FilterConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        if (value.indexOf('=') <= 0) throw new CommandLine.TypeConversionException("bad format of filter (expected name=value)");
        return value;
    }
}
