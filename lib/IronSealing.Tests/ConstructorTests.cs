using Shouldly;

namespace IronSealing.Tests;

/// <summary>The constructor refuses what iron-session would not match the same way, and says which id is wrong.</summary>
public sealed class ConstructorTests
{
    [Theory]
    [InlineData("01")]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("v2")]
    [InlineData("2147483648")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0")]
    [InlineData("")]
    [InlineData("\u0661")] // ARABIC-INDIC DIGIT ONE: a digit, but not one iron-session's ids are written in
    public void The_constructor_refuses_an_id_that_is_not_a_plain_positive_whole_number_and_names_it(string id)
    {
        var map = Seals.Map(("1", Seals.Password), (id, Seals.OtherPassword));

        var thrown = Should.Throw<ArgumentException>(() => new IronSealer(map));

        thrown.ParamName.ShouldBe("passwords");
        thrown.Message.ShouldContain($"\"{id}\"");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("10")]
    [InlineData("2147483647")]
    public void The_constructor_accepts_a_plain_positive_whole_number_as_id(string id)
    {
        var sealer = new IronSealer(Seals.Map((id, Seals.Password)), Seals.ClockAt(Seals.Now));

        Seals.Fields(sealer.Seal("{}"u8, Seals.Ttl))[1].ShouldBe(id);
    }

    [Fact]
    public void The_constructor_refuses_a_password_shorter_than_32_characters_and_names_its_id()
    {
        var map = Seals.Map(("1", Seals.Password), ("7", new string('x', IronSealer.MinimumPasswordLength - 1)));

        var thrown = Should.Throw<ArgumentException>(() => new IronSealer(map));

        IronSealer.MinimumPasswordLength.ShouldBe(32);
        thrown.Message.ShouldContain("\"7\"");
        thrown.Message.ShouldContain("31 characters");
        thrown.Message.ShouldNotContain("xxxxxxxx", Case.Sensitive, "a password never goes into a message");
    }

    [Fact]
    public void The_constructor_accepts_a_password_of_exactly_32_characters()
    {
        var sealer = new IronSealer(new string('x', IronSealer.MinimumPasswordLength), Seals.ClockAt(Seals.Now));

        sealer.Unseal(sealer.Seal("{}"u8, Seals.Ttl)).Success.ShouldBeTrue();
    }

    [Fact]
    public void The_one_password_constructor_refuses_a_short_password_as_id_1()
    {
        var thrown = Should.Throw<ArgumentException>(() => new IronSealer("too-short"));

        thrown.ParamName.ShouldBe("password");
        thrown.Message.ShouldContain("\"1\"");
    }

    [Fact]
    public void The_constructor_refuses_an_empty_map()
    {
        var thrown = Should.Throw<ArgumentException>(() => new IronSealer(new Dictionary<string, string>()));

        thrown.ParamName.ShouldBe("passwords");
        thrown.Message.ShouldContain("empty");
    }

    [Fact]
    public void The_constructor_refuses_null()
    {
        Should.Throw<ArgumentNullException>(() => new IronSealer((IReadOnlyDictionary<string, string>)null!)).ParamName.ShouldBe("passwords");
        Should.Throw<ArgumentNullException>(() => new IronSealer((string)null!)).ParamName.ShouldBe("password");
    }
}
