using System.Globalization;
using static System.FormattableString;

namespace Jingzhun.Domain.Common;

/// <summary>What kind of value a field holds; it decides the form input, the exchange cell format and the range check.</summary>
public enum FieldKind
{
    [Label("文本", "Text")] Text,
    /// <summary>One value of an enumeration.</summary>
    [Label("单选", "Choice")] Choice,
    /// <summary>Any combination of the values of a [Flags] enumeration.</summary>
    [Label("多选", "Flags")] Flags,
    /// <summary>A decimal number (areas, distances).</summary>
    [Label("数值", "Number")] Number,
    /// <summary>A whole number (years, months).</summary>
    [Label("整数", "Integer")] Integer,
    [Label("是否", "Yes/no")] YesNo,
    [Label("日期", "Date")] Date,
}

/// <summary>Who sets a field.</summary>
public enum FieldOrigin
{
    /// <summary>Entered on the form, through the API or by an import.</summary>
    [Label("填报", "Entered")] Form,
    /// <summary>Set by a process (the system on creation, a case's outcome): shown, never edited on the form.</summary>
    [Label("程序设定", "Set by a process")] Process,
    /// <summary>Follows from another field (county code from the village, sex and birth date from the resident ID).</summary>
    [Label("推算", "Derived")] Derived,
}

/// <summary>How a text field is entered, where a plain text box is not the right input.</summary>
public enum InputHint
{
    [Label("无", "None")] None,
    [Label("电话", "Phone")] Phone,
    [Label("数字", "Digits")] Digits,
    /// <summary>A code typed or read character by character (resident ID): monospaced, no autocomplete.</summary>
    [Label("代码", "Code")] Code,
    /// <summary>A village chosen from the reader's villages (the page supplies them).</summary>
    [Label("村", "Village")] Village,
}

/// <summary>A fieldset of a record's form and a section of its page: its element id and its name.</summary>
public sealed record FieldGroup(string Id, Bilingual Name);

/// <summary>The units a number may be in, shown after the label on forms and after the value on pages.</summary>
public static class FieldUnit
{
    public static readonly Bilingual SquareMetres = new("m²", "m²");
    public static readonly Bilingual Kilometres = new("km", "km");
    public static readonly Bilingual Mu = new("亩", "mu");
    public static readonly Bilingual Months = new("个月", "months");
}

/// <summary>
/// One field of a record (a household, a member), described once: its code name (the entity property, the
/// form and JSON name), labels, unit, group, kind, limits, who sets it, whether it is personal data, its
/// column header in the exchange files, and typed access to the entity. Forms, pages, the change log, the
/// exchange files and the validation messages read their labels and rules from here, so adding a field is a
/// line here, a property on the entity and a migration.
/// </summary>
public abstract record RecordField<TRecord>
{
    public required string Code { get; init; }
    public required string Chinese { get; init; }
    public required string English { get; init; }
    /// <summary>A longer label where the form needs more words than a page or a column (银行账号（一卡通）).</summary>
    public string? FormChinese { get; init; }
    public string? FormEnglish { get; init; }
    public Bilingual? Unit { get; init; }
    public FieldGroup? Group { get; init; }
    public FieldOrigin Origin { get; init; } = FieldOrigin.Form;
    /// <summary>Resident IDs, phones, bank accounts: masked wherever they are shown publicly.</summary>
    public bool Personal { get; init; }
    /// <summary>The column header in the exchange files; null when the field is not a column (it follows from another).</summary>
    public string? Header { get; init; }
    /// <summary>Longest text the field stores.</summary>
    public int? MaxLength { get; init; }
    /// <summary>Smallest and largest number; both set or neither.</summary>
    public double? Min { get; init; }
    public double? Max { get; init; }
    public InputHint Input { get; init; }
    /// <summary>The texts a text field takes (ethnicities), shown as a list instead of a text box.</summary>
    public IReadOnlyList<string>? TextChoices { get; init; }

    public abstract FieldKind Kind { get; }
    public bool Editable => Origin == FieldOrigin.Form;

    public string Label(bool english) => english ? English : Chinese;

    /// <summary>The label on the form: the longer form label if any, else the label with its unit (住房面积（m²）).</summary>
    public string FormLabel(bool english) =>
        (english ? FormEnglish : FormChinese)
        ?? (Unit is null ? Label(english) : english ? $"{English} ({Unit.English})" : $"{Chinese}（{Unit.Chinese}）");

    /// <summary>The value, boxed: for pages and forms that show any field.</summary>
    public abstract object? Value(TRecord record);

    /// <summary>The value as a form sends it: the code name of a choice, numbers in invariant culture.</summary>
    public string FormText(TRecord record) => Value(record) switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f and not Enum => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString() ?? "",
    };

    /// <summary>The choices of a choice or flags field, in declaration order; empty for the other kinds.</summary>
    public abstract IReadOnlyList<Enum> Choices { get; }

    /// <summary>The value's type: what a serializer reads and writes for the field.</summary>
    public abstract Type ValueType { get; }

    /// <summary>Sets the value, boxed (a serializer's setter); it must be of <see cref="ValueType"/>.</summary>
    public abstract void SetValue(TRecord record, object? value);

    /// <summary>Copies the field from one record to another.</summary>
    public abstract void Copy(TRecord from, TRecord to);

    /// <summary>Sets the field from text as a form or a file gives it (a choice by label or code name); false when it does not read.</summary>
    public abstract bool TrySetText(TRecord record, string text);

    /// <summary>Why the value is outside the field's limits (too long, out of range, not a choice); null when it is within them.</summary>
    public abstract FieldError? CheckLimits(TRecord record);

    /// <summary>Applies <paramref name="func"/> to the field with its value type known (exchange codecs, bulk columns).</summary>
    public abstract TResult With<TResult>(IFieldFunc<TRecord, TResult> func);
}

/// <summary>Work that needs a field's value type: a typed list of fields hands each one over with it, without reflection.</summary>
public interface IFieldFunc<TRecord, out TResult>
{
    TResult Apply<TValue>(RecordField<TRecord, TValue> field);
}

/// <summary>A field with its value type: what the exchange codecs and the typed rules use.</summary>
public sealed record RecordField<TRecord, TValue> : RecordField<TRecord>
{
    public required FieldKind ValueKind { get; init; }
    public required Func<TRecord, TValue> Get { get; init; }
    public required Action<TRecord, TValue> Set { get; init; }
    /// <summary>Reads a value from text; the kind's reader (see <see cref="RecordFields{TRecord}"/>).</summary>
    public required TryParseText<TValue> Parse { get; init; }
    public IReadOnlyList<Enum> ChoiceList { get; init; } = [];

    public override FieldKind Kind => ValueKind;
    public override TResult With<TResult>(IFieldFunc<TRecord, TResult> func) => func.Apply(this);
    public override IReadOnlyList<Enum> Choices => ChoiceList;
    public override object? Value(TRecord record) => Get(record);
    public override Type ValueType => typeof(TValue);
    public override void SetValue(TRecord record, object? value) => Set(record, (TValue)value!);
    public override void Copy(TRecord from, TRecord to) => Set(to, Get(from));

    public override bool TrySetText(TRecord record, string text)
    {
        if (!Parse(text, out var value)) return false;
        Set(record, value);
        return true;
    }

    public override FieldError? CheckLimits(TRecord record) => Get(record) switch
    {
        string s => TextRules.Check(Code, s, MaxLength, lines: false),
        Enum e when Kind == FieldKind.Choice && !Enum.IsDefined(e.GetType(), e) =>
            new(Code, $"{Chinese}取值无效（可选：{string.Join(" / ", Choices.Select(c => c.Chinese()))}）", $"{English} has no such value"),
        double d when Min is { } min && Max is { } max && (double.IsNaN(d) || d < min || d > max) =>
            new(Code, Invariant($"{Chinese}应为{min:0.##}至{max:0.##}之间的数"), Invariant($"{English} must be a number from {min:#,0.##} to {max:#,0.##}")),
        int i when Min is { } min && Max is { } max && (i < min || i > max) =>
            new(Code, Invariant($"{Chinese}应为{min}至{max}{Unit?.Chinese}"), Invariant($"{English} must be {min} to {max}")),
        _ => null,
    };
}

public delegate bool TryParseText<TValue>(string text, out TValue value);

/// <summary>Builds the fields of one record type, each kind with its reader.</summary>
public static class RecordFields<TRecord>
{
    public static RecordField<TRecord, string> Text(string code, string chinese, string english, Func<TRecord, string> get,
        Action<TRecord, string> set, int maxLength) => new()
    {
        Code = code, Chinese = chinese, English = english, Header = chinese, Get = get, Set = set, MaxLength = maxLength,
        ValueKind = FieldKind.Text, Parse = (string t, out string v) => { v = t; return true; },
    };

    public static RecordField<TRecord, T> Choice<T>(string code, string chinese, string english, Func<TRecord, T> get, Action<TRecord, T> set)
        where T : struct, Enum => new()
    {
        Code = code, Chinese = chinese, English = english, Header = chinese, Get = get, Set = set,
        ValueKind = FieldKind.Choice, Parse = Labels.TryParse, ChoiceList = [.. Enum.GetValues<T>().Cast<Enum>()],
    };

    /// <summary>Any combination of flags; text lists the flags by label or code name, separated by 、 , ; or |.</summary>
    public static RecordField<TRecord, T> Flags<T>(string code, string chinese, string english, Func<TRecord, T> get, Action<TRecord, T> set)
        where T : struct, Enum => new()
    {
        Code = code, Chinese = chinese, English = english, Header = chinese, Get = get, Set = set,
        ValueKind = FieldKind.Flags, Parse = ParseFlags, ChoiceList = [.. Enum.GetValues<T>().Where(v => Convert.ToInt64(v, CultureInfo.InvariantCulture) != 0).Cast<Enum>()],
    };

    public static RecordField<TRecord, double> Number(string code, string chinese, string english, Func<TRecord, double> get,
        Action<TRecord, double> set, Bilingual unit, double min, double max) => new()
    {
        Code = code, Chinese = chinese, English = english, Header = chinese, Get = get, Set = set, Unit = unit, Min = min, Max = max,
        ValueKind = FieldKind.Number,
        Parse = (string t, out double v) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v),
    };

    public static RecordField<TRecord, int> Integer(string code, string chinese, string english, Func<TRecord, int> get,
        Action<TRecord, int> set, double? min = null, double? max = null) => new()
    {
        Code = code, Chinese = chinese, English = english, Header = chinese, Get = get, Set = set, Min = min, Max = max,
        ValueKind = FieldKind.Integer, Parse = (string t, out int v) => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out v),
    };

    public static RecordField<TRecord, bool> YesNo(string code, string chinese, string english, Func<TRecord, bool> get, Action<TRecord, bool> set) => new()
    {
        Code = code, Chinese = chinese, English = english, Header = chinese, Get = get, Set = set,
        ValueKind = FieldKind.YesNo, Parse = bool.TryParse,
    };

    public static RecordField<TRecord, DateOnly> Date(string code, string chinese, string english, Func<TRecord, DateOnly> get, Action<TRecord, DateOnly> set) => new()
    {
        Code = code, Chinese = chinese, English = english, Get = get, Set = set,
        ValueKind = FieldKind.Date,
        Parse = (string t, out DateOnly v) => DateOnly.TryParse(t, CultureInfo.InvariantCulture, out v),
    };

    private static bool ParseFlags<T>(string text, out T value) where T : struct, Enum
    {
        long all = 0;
        value = default;
        foreach (var part in text.Split(['、', ',', '，', ';', '；', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Labels.TryParse<T>(part, out var one)) return false;
            all |= Convert.ToInt64(one, CultureInfo.InvariantCulture);
        }
        value = (T)Enum.ToObject(typeof(T), all);
        return true;
    }
}
