using System.Collections.Concurrent;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// What the database will take of a text cell, checked while the file is read so that a cell the database would refuse
/// is reported at its row and column before anything is written, on both engines alike: at most the length the EF model
/// gives the column (<c>HasMaxLength</c>; PostgreSQL refuses a longer value, SQLite would store it), and no control
/// characters (PostgreSQL refuses NUL in text; the others are invisible damage) or broken UTF-16 (a lone surrogate
/// cannot be encoded for the server). A chunked import that met such a value while writing would fail after its earlier
/// chunks were committed.
/// </summary>
internal sealed class StoredText
{
    private static readonly ConcurrentDictionary<IModel, StoredText> Cache = new();

    private readonly IModel _model;

    private StoredText(IModel model) => _model = model;

    public static StoredText For(IModel model) => Cache.GetOrAdd(model, m => new StoredText(m));

    /// <summary>The error of one cell of a table whose rows are stored as <paramref name="entity"/>; null when the database takes it.</summary>
    public FieldError? Check(Type entity, string header, string property, string text)
    {
        var t = text.Trim();
        if (Unstorable(t) is { } at)
            return new(property, $"{header}第{at + 1}个字符是不可见的控制字符（U+{(int)t[at]:X4}），数据库不能保存；请删除后重新导入",
                $"{property}: character {at + 1} is an invisible control character (U+{(int)t[at]:X4}) that the database cannot store; delete it and import again");
        if (MaxLength(entity, property) is { } max && t.Length > max)
            return new(property, $"{header}最多{max}个字符，此处有{t.Length}个", $"{property} has at most {max} characters, not {t.Length}");
        return null;
    }

    // Looked up once per column: a bulk import asks for every cell of millions of rows.
    private readonly ConcurrentDictionary<(Type, string), int?> _lengths = new();

    private int? MaxLength(Type entity, string property) => _lengths.GetOrAdd((entity, property), key =>
    {
        var (type, name) = key;
        // The 户编号 of a member or income row is the household's number.
        if (name == nameof(MemberRow.HouseholdNumber)) (type, name) = (typeof(Household), nameof(Household.Number));
        return _model.FindEntityType(type)?.FindProperty(name)?.GetMaxLength();
    });

    /// <summary>The index of the first character no column should store: a control character other than tab and line breaks, or half a surrogate pair.</summary>
    internal static int? Unstorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return i;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return i;
        }
        return null;
    }
}
