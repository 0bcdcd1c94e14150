using Jingzhun.Domain.Common;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// The exchange column of a described field (<see cref="RecordField{TRecord}"/>): its header from the description, its
/// cell format from its kind. <typeparamref name="TRow"/> is the table's row, which holds the record (a member row holds
/// a member and its household's number).
/// </summary>
internal sealed class FieldColumns<TRow, TRecord>(Func<TRow, TRecord> record) : IFieldFunc<TRecord, ExchangeColumn<TRow>>
{
    /// <summary>The columns of the fields that have a header, in the description's order.</summary>
    public IEnumerable<ExchangeColumn<TRow>> Of(IEnumerable<RecordField<TRecord>> fields) =>
        fields.Where(f => f.Header is not null).Select(f => f.With(this));

    public ExchangeColumn<TRow> Apply<TValue>(RecordField<TRecord, TValue> field) =>
        new ExchangeColumn<TRow, TValue>(field.Header!, field.Code, r => field.Get(record(r)), (r, v) => field.Set(record(r), v), CodecOf(field),
            // Years that cases set: an empty cell keeps the stored year.
            field.Origin == FieldOrigin.Process && field.Kind == FieldKind.Integer ? true : null);

    private static Codec<TValue> CodecOf<TValue>(RecordField<TRecord, TValue> field) => field.Kind switch
    {
        FieldKind.Text => (Codec<TValue>)(object)Codecs.Text,
        FieldKind.Integer => (Codec<TValue>)(object)Codecs.Integer,
        FieldKind.Number => (Codec<TValue>)(object)Codecs.Number,
        FieldKind.YesNo => (Codec<TValue>)(object)Codecs.YesNo,
        FieldKind.Choice => Choice(field),
        FieldKind.Flags => Flags(field),
        _ => throw new NotSupportedException($"{field.Code}: no exchange cell format for {field.Kind}"),
    };

    /// <summary>An enumeration, written as its Chinese label and read from either label or the code name.</summary>
    private static Codec<TValue> Choice<TValue>(RecordField<TRecord, TValue> field) =>
        new(v => ((Enum)(object)v!).Chinese(), (string t, out TValue v) => field.Parse(t, out v),
            new Bilingual($"不是有效取值（可选：{string.Join(" / ", field.Choices.Select(c => c.Chinese()))}）",
                $"is not one of: {string.Join(" / ", field.Choices.Select(c => c.English()))}"));

    /// <summary>Any set of flags, as labels joined with "、" (commas and semicolons are read too); empty is none.</summary>
    private static Codec<TValue> Flags<TValue>(RecordField<TRecord, TValue> field) =>
        new(v => string.Join("、", field.Choices.Where(c => ((Enum)(object)v!).HasFlag(c)).Select(c => c.Chinese())),
            (string t, out TValue v) => field.Parse(t, out v),
            new Bilingual($"含无效的{field.Chinese}（可选：{string.Join(" / ", field.Choices.Select(c => c.Chinese()))}，用“、”分隔）",
                $"contains an unknown {field.English.ToLowerInvariant()} value (separate them with 、)"), EmptyAllowed: true);
}
