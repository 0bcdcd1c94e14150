using System.Globalization;

namespace Jingzhun.Domain.Common;

/// <summary>
/// An amount in yuan, exact to the fen. Stored as whole fen so that sums are exact on every
/// database engine (SQLite has no decimal type).
/// </summary>
public readonly record struct Money(decimal Yuan) : IComparable<Money>
{
    public static readonly Money Zero = new(0m);

    public long Fen => decimal.ToInt64(decimal.Round(Yuan * 100m, MidpointRounding.AwayFromZero));

    public static Money FromFen(long fen) => new(fen / 100m);

    public static Money operator +(Money a, Money b) => new(a.Yuan + b.Yuan);
    public static Money operator -(Money a, Money b) => new(a.Yuan - b.Yuan);
    public static Money operator /(Money a, int divisor) => new(decimal.Round(a.Yuan / divisor, 2, MidpointRounding.AwayFromZero));
    public static Money operator *(Money a, decimal factor) => new(decimal.Round(a.Yuan * factor, 2, MidpointRounding.AwayFromZero));
    public static bool operator <(Money a, Money b) => a.Yuan < b.Yuan;
    public static bool operator >(Money a, Money b) => a.Yuan > b.Yuan;
    public static bool operator <=(Money a, Money b) => a.Yuan <= b.Yuan;
    public static bool operator >=(Money a, Money b) => a.Yuan >= b.Yuan;

    public int CompareTo(Money other) => Yuan.CompareTo(other.Yuan);

    public static bool TryParse(string? text, out Money money)
    {
        money = Zero;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var t = text.Trim().TrimEnd('元').Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan)) return false;
        if (decimal.Round(yuan, 2) != yuan) return false;
        money = new Money(yuan);
        return true;
    }

    public override string ToString() => Yuan.ToString("0.00", CultureInfo.InvariantCulture);
}
