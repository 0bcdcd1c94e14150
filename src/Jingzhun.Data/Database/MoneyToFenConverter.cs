using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Jingzhun.Data.Database;

public sealed class MoneyToFenConverter() : ValueConverter<Money, long>(m => m.Fen, fen => Money.FromFen(fen));
