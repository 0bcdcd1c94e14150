using Jingzhun.Domain.Common;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// One column of an interchange table: its Chinese header, the English property name the reader
/// also accepts, and how its value is taken from a row, written, read back and copied.
/// </summary>
public abstract class ExchangeColumn<TRow>(string header, string property)
{
    public string Header { get; } = header;
    public string Property { get; } = property;

    /// <summary>The cell value: text, a number, or a label.</summary>
    public abstract object? Write(TRow row);

    /// <summary>Sets the field from the cell text; an empty cell leaves the field's default.</summary>
    public abstract FieldError? Read(TRow row, string text);

    /// <summary>Copies the field from a row read from a file onto the row kept in the database.</summary>
    public abstract void Copy(TRow from, TRow to);

    /// <summary>
    /// Whether a cell of this column may be empty in an import file. An export writes a value into every cell of a
    /// number, money, yes/no or label column ("0", "否", "无"), so an empty one there is damage, not a zero: it is refused
    /// rather than stored as the default. Free text, other causes and the years whose empty cell keeps the stored
    /// year may be empty.
    /// </summary>
    public abstract bool EmptyAllowed { get; }

    public bool Matches(string name) =>
        string.Equals(name.Trim(), Header, StringComparison.Ordinal) || string.Equals(name.Trim(), Property, StringComparison.OrdinalIgnoreCase);
}

public sealed class ExchangeColumn<TRow, TValue>(string header, string property, Func<TRow, TValue> get, Action<TRow, TValue> set, Codec<TValue> codec,
    bool? emptyAllowed = null)
    : ExchangeColumn<TRow>(header, property)
{
    public override bool EmptyAllowed => emptyAllowed ?? codec.EmptyAllowed;

    public override object? Write(TRow row) => codec.Write(get(row));

    public override FieldError? Read(TRow row, string text)
    {
        var t = text.Trim();
        if (t.Length == 0 && !ReferenceEquals(codec, Codecs.Text)) return null;
        if (!codec.Parse(t, out var value))
            return new FieldError(Property, $"{Header}“{t}”{codec.Expected.Chinese}", $"{Property} '{t}' {codec.Expected.English}");
        set(row, value);
        return null;
    }

    public override void Copy(TRow from, TRow to) => set(to, get(from));
}
