using System.Text.Json;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Tests.Common;

public sealed class BilingualTests
{
    private static readonly Bilingual Text = new("户编号", "Household no.");

    [Fact]
    public void A_text_gives_the_readers_half_and_chinese_when_none_is_asked_for()
    {
        Assert.Equal("Household no.", Text.In(english: true));
        Assert.Equal("户编号", Text.In(english: false));
        Assert.Equal("户编号", Text.ToString());
        Assert.Equal("户编号 / Household no.", Text.Both);
    }

    [Fact]
    public void An_enumeration_label_is_a_bilingual_text() =>
        Assert.Equal(new Bilingual(PovertyCause.Illness.Chinese(), PovertyCause.Illness.English()), PovertyCause.Illness.Text());

    [Fact]
    public void A_field_error_and_a_criterion_keep_their_chinese_and_english_fields_in_json()
    {
        var error = new FieldError("Phone", new Bilingual("电话无效", "Phone is not valid"));
        Assert.Equal("""{"Field":"Phone","Chinese":"电话无效","English":"Phone is not valid"}""", JsonSerializer.Serialize(error,
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var criterion = new Criterion("income", "收入达标", "Income above the line", "5000", "4000", true, "incomes");
        // Decisions are stored as JSON and read back: the criterion's text survives the round trip.
        Assert.Equal(criterion.Text, JsonSerializer.Deserialize<Criterion>(JsonSerializer.Serialize(criterion))!.Text);
    }
}
