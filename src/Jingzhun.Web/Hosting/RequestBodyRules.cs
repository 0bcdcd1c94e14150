using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;

namespace Jingzhun.Web.Hosting;

/// <summary>
/// The API refuses what the model cannot hold, before any handler runs: every JSON body of a write is walked,
/// nested objects and lists too, and a null where the type says none, an enumeration value outside its set,
/// text longer than its field (<see cref="TextLimitAttribute"/>, else <see cref="DefaultTextLimit"/>) or with
/// control characters, a number that is not finite, a list longer than its limit or a value outside its
/// <see cref="RangeAttribute"/> answers 422 problem+json naming each field as the JSON names it
/// (<c>household.address</c>, <c>members[0].name</c>). What is a rule of the registry rather than of the
/// shape (a household with no members, amounts finer than a fen) is the domain's, for forms and imports alike.
/// </summary>
public static class RequestBodyRules
{
    /// <summary>Text fields without a declared limit: short fields (names, codes) are the common case.</summary>
    public const int DefaultTextLimit = 200;

    /// <summary>Lists without a declared limit.</summary>
    public const int DefaultListLimit = 100;

    /// <summary>Request types are shallow trees; anything deeper is not a body this API reads.</summary>
    private const int MaxDepth = 16;

    /// <summary>A refused body names at most this many fields: enough to fix it, not a second copy of a huge request.</summary>
    private const int MaxErrors = 50;

    /// <summary>Checks the bodies of every endpoint of <paramref name="builder"/> (a route group: every endpoint mapped in it).</summary>
    public static TBuilder CheckRequestBodies<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Filter);

    private static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var bodies = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (parameter, index))
            .Where(p => IsBody(p.parameter, services))
            .Select(p => (p.index, Nullable: new NullabilityInfoContext().Create(p.parameter).ReadState != NullabilityState.NotNull))
            .ToArray();
        if (bodies.Length == 0) return next;
        return async invocation =>
        {
            var errors = new List<FieldError>();
            foreach (var (index, nullable) in bodies)
            {
                var body = invocation.Arguments[index];
                if (body is null)
                {
                    if (!nullable) errors.Add(Required("body"));
                    continue;
                }
                Walk(body, "", 0, errors);
            }
            if (errors.Count == 0) return await next(invocation);
            var lang = invocation.HttpContext.RequestServices.GetRequiredService<Lang>();
            return Results.ValidationProblem(
                errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
                title: lang.T("输入有误", "Some fields are not valid"), statusCode: StatusCodes.Status422UnprocessableEntity);
        };
    }

    /// <summary>The body is the one argument that is neither a service nor a route or query value: a class of ours.</summary>
    private static bool IsBody(ParameterInfo parameter, IServiceProviderIsService? services)
    {
        var type = parameter.ParameterType;
        return type.IsClass && type != typeof(string) && IsOurs(type) && services?.IsService(type) != true;
    }

    private static bool IsOurs(Type type) => type.Namespace?.StartsWith("Jingzhun.", StringComparison.Ordinal) == true;

    /// <summary>Checks the fields of one object and, depth first, of the objects and lists in it.</summary>
    private static void Walk(object value, string path, int depth, List<FieldError> errors)
    {
        if (depth > MaxDepth) return;
        foreach (var field in Shape.Of(value.GetType()))
        {
            if (errors.Count >= MaxErrors) return;
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            Check(field.Property.GetValue(value), name, field.Nullable, field, depth, errors);
        }
    }

    private static void Check(object? value, string path, bool nullable, Field field, int depth, List<FieldError> errors)
    {
        switch (value)
        {
            case null:
                if (!nullable) errors.Add(Required(path));
                break;
            case string text:
                if (TextRules.Check(path, text, field.MaxLength ?? DefaultTextLimit, field.Lines) is { } error) errors.Add(error);
                break;
            case Enum choice:
                if (!EnumValues.IsKnown(choice)) errors.Add(NotAChoice(path, choice.GetType()));
                break;
            case double number when !double.IsFinite(number):
            case float single when !float.IsFinite(single):
                errors.Add(new(path, "不是有效的数", "Not a valid number"));
                break;
            case IEnumerable list:
                CheckList(list, path, field, depth, errors);
                break;
            default:
                if (field.Range is { } range && !range.IsValid(value))
                    errors.Add(new(path, $"应在{range.Minimum}至{range.Maximum}之间", $"Must be from {range.Minimum} to {range.Maximum}"));
                else if (IsOurs(value.GetType()) && value.GetType().IsClass)
                    Walk(value, path, depth + 1, errors);
                break;
        }
    }

    private static void CheckList(IEnumerable list, string path, Field field, int depth, List<FieldError> errors)
    {
        var max = field.MaxLength ?? DefaultListLimit;
        var items = list.Cast<object?>().Take(max + 1).ToList();
        if (items.Count > max)
        {
            errors.Add(new(path, $"最多{max}项", $"At most {max} items"));
            return;
        }
        // An item of a list: its own nullability, the list's text rules.
        var item = field with { Nullable = field.ItemNullable, MaxLength = null, Range = null };
        for (var i = 0; i < items.Count && errors.Count < MaxErrors; i++)
            Check(items[i], $"{path}[{i}]", item.Nullable, item, depth + 1, errors);
    }

    private static FieldError Required(string path) => new(path, "必须填写", "A value is required");

    /// <summary>The choices by their labels, never the code names.</summary>
    private static FieldError NotAChoice(string path, Type type)
    {
        var labels = Enum.GetValues(type).Cast<Enum>()
            .Select(v => type.GetField(v.ToString())?.GetCustomAttribute<LabelAttribute>()).OfType<LabelAttribute>().ToList();
        return new(path, $"取值无效（可选：{string.Join(" / ", labels.Select(l => l.Chinese))}）",
            $"Not one of the choices ({string.Join(" / ", labels.Select(l => l.English))})");
    }

    /// <summary>One field of a request type, as JSON names it, with what its declaration says about it.</summary>
    private sealed record Field(string Name, PropertyInfo Property, bool Nullable, int? MaxLength, bool Lines, RangeAttribute? Range, bool ItemNullable);

    /// <summary>The fields of each request type, read once from its declaration.</summary>
    private static class Shape
    {
        private static readonly ConcurrentDictionary<Type, Field[]> Cache = new();

        public static Field[] Of(Type type) => Cache.GetOrAdd(type, Read);

        private static Field[] Read(Type type)
        {
            var nullability = new NullabilityInfoContext();
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0
                            && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
                .Select(p => Describe(p, nullability.Create(p)))
                .ToArray();
        }

        private static Field Describe(PropertyInfo p, NullabilityInfo info)
        {
            var limit = p.GetCustomAttribute<MaxLengthAttribute>();
            var item = info.ElementType ?? info.GenericTypeArguments.FirstOrDefault();
            var name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            return new Field(name, p,
                Nullable: info.ReadState != NullabilityState.NotNull || p.PropertyType.IsValueType,
                MaxLength: limit?.Length, Lines: limit is TextLimitAttribute { Lines: true }, Range: p.GetCustomAttribute<RangeAttribute>(),
                ItemNullable: item is null || item.ReadState != NullabilityState.NotNull || item.Type.IsValueType);
        }
    }
}
