using System.Text;
using Shouldly;

namespace IronSealing.Tests;

/// <summary>Sealing and opening through the public API: round trips, expiry, and password ids as iron-session treats them.</summary>
public sealed class SealerTests
{
    [Fact]
    public void A_seal_opens_to_the_same_json_bytes_with_its_expiry()
    {
        var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now));

        var opened = sealer.Unseal(sealer.Seal(Seals.MockSessionJson, Seals.Ttl));

        opened.Success.ShouldBeTrue(opened.Reason);
        opened.Json.ToArray().ShouldBe(Seals.MockSessionJson.ToArray());
        opened.ExpiresAt.ShouldBe(Seals.Now + Seals.Ttl);
        opened.Failure.ShouldBe(UnsealFailure.None);
    }

    [Fact]
    public void A_seal_has_the_eight_fields_of_the_format_and_the_2_suffix()
    {
        var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now));

        var seal = sealer.Seal(Seals.MockSessionJson, Seals.Ttl);

        seal.ShouldEndWith("~2");
        var fields = Seals.Fields(seal);
        fields.Length.ShouldBe(8);
        fields[0].ShouldBe("Fe26.2");
        fields[1].ShouldBe("1", "a single password has id 1, as in iron-session");
        fields[2].ShouldMatch("^[0-9a-f]{64}$");
        fields[3].Length.ShouldBe(22, "16 bytes of IV in base64url without padding");
        fields[5].ShouldBe((Seals.Now + Seals.Ttl).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        fields[6].ShouldMatch("^[0-9a-f]{64}$");
        fields[7].Length.ShouldBe(43, "32 bytes of HMAC-SHA256 in base64url without padding");
    }

    [Fact]
    public void Two_seals_of_the_same_json_differ_because_salts_and_iv_are_random()
    {
        var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now));

        sealer.Seal(Seals.MockSessionJson, Seals.Ttl).ShouldNotBe(sealer.Seal(Seals.MockSessionJson, Seals.Ttl));
    }

    [Fact]
    public void A_seal_opens_1_ms_before_ttl_plus_60_s_and_is_expired_at_exactly_ttl_plus_60_s()
    {
        var clock = Seals.ClockAt(Seals.Now);
        var sealer = new IronSealer(Seals.Password, clock);
        var seal = sealer.Seal(Seals.MockSessionJson, Seals.Ttl);

        clock.Advance(Seals.Ttl + IronSealer.ClockSkew - TimeSpan.FromMilliseconds(1));
        sealer.Unseal(seal).Success.ShouldBeTrue();

        clock.Advance(TimeSpan.FromMilliseconds(1));
        sealer.Unseal(seal).Failure.ShouldBe(UnsealFailure.Expired);
    }

    [Fact]
    public void A_seal_without_an_expiry_opens_at_any_time_and_has_no_ExpiresAt()
    {
        // iron-session 8 writes these for ttl 0; Seal never does.
        var seal = Seals.ForgeEncrypted(Seals.Password, Seals.MockSessionJson, expiry: "");
        var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now.AddYears(50)));

        var opened = sealer.Unseal(seal);

        opened.Success.ShouldBeTrue(opened.Reason);
        opened.ExpiresAt.ShouldBeNull();
        opened.Json.ToArray().ShouldBe(Seals.MockSessionJson.ToArray());
    }

    [Fact]
    public void An_expiry_beyond_what_DateTimeOffset_holds_opens_as_DateTimeOffset_MaxValue()
    {
        var seal = Seals.ForgeEncrypted(Seals.Password, Seals.MockSessionJson, expiry: "999999999999999999");
        var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now));

        var opened = sealer.Unseal(seal);

        opened.Success.ShouldBeTrue(opened.Reason);
        opened.ExpiresAt.ShouldBe(DateTimeOffset.MaxValue);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Seal_refuses_a_time_to_live_that_is_not_positive(int seconds)
    {
        var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now));

        Should.Throw<ArgumentOutOfRangeException>(() => sealer.Seal(Seals.MockSessionJson, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void A_seal_made_with_id_2_opens_only_where_id_2_is_present()
    {
        var rotated = new IronSealer(Seals.Map(("1", Seals.Password), ("2", Seals.OtherPassword)), Seals.ClockAt(Seals.Now));

        var seal = rotated.Seal(Seals.MockSessionJson, Seals.Ttl);

        Seals.Fields(seal)[1].ShouldBe("2");
        rotated.Unseal(seal).Success.ShouldBeTrue();
        new IronSealer(Seals.Map(("2", Seals.OtherPassword)), Seals.ClockAt(Seals.Now)).Unseal(seal).Success.ShouldBeTrue();
        new IronSealer(Seals.Map(("1", Seals.Password)), Seals.ClockAt(Seals.Now)).Unseal(seal).Failure
            .ShouldBe(UnsealFailure.UnknownPasswordId);
        new IronSealer(Seals.Map(("3", Seals.OtherPassword)), Seals.ClockAt(Seals.Now)).Unseal(seal).Failure
            .ShouldBe(UnsealFailure.UnknownPasswordId, "the same password under another id is another key");
    }

    [Fact]
    public void Every_password_in_the_map_opens_the_seals_made_with_it()
    {
        var old = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now)).Seal(Seals.MockSessionJson, Seals.Ttl);
        var rotated = new IronSealer(Seals.Map(("1", Seals.Password), ("2", Seals.OtherPassword)), Seals.ClockAt(Seals.Now));

        rotated.Unseal(old).Success.ShouldBeTrue("a seal made before the rotation still opens");
    }

    [Fact]
    public void A_seal_whose_id_reads_01_is_looked_up_by_that_exact_text_so_id_1_does_not_open_it()
    {
        // The MAC covers the id, so a real "01" seal cannot be made here; changing the text is enough to show the
        // lookup: had "01" been read as the number 1, the password would be found and the MAC would fail instead.
        var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now));
        var seal = Seals.WithField(sealer.Seal(Seals.MockSessionJson, Seals.Ttl), 1, "01");

        var opened = sealer.Unseal(seal);

        opened.Failure.ShouldBe(UnsealFailure.UnknownPasswordId);
        opened.Reason.ShouldBe("the seal was made with a password id this app does not have");
    }

    [Fact]
    public void The_highest_numeric_id_seals_so_10_beats_9()
    {
        var map = Seals.Map(("9", Seals.Password), ("10", Seals.OtherPassword));
        var sealer = new IronSealer(map, Seals.ClockAt(Seals.Now));

        var seal = sealer.Seal(Seals.MockSessionJson, Seals.Ttl);

        Seals.Fields(seal)[1].ShouldBe("10", "10 is higher than 9 as a number, though not as text");
        new IronSealer(Seals.Map(("10", Seals.OtherPassword)), Seals.ClockAt(Seals.Now)).Unseal(seal).Success.ShouldBeTrue();
    }

    [Fact]
    public void The_sealer_keeps_its_own_copy_of_the_passwords()
    {
        var map = Seals.Map(("1", Seals.Password));
        var sealer = new IronSealer(map, Seals.ClockAt(Seals.Now));
        var seal = sealer.Seal(Seals.MockSessionJson, Seals.Ttl);

        map["1"] = Seals.OtherPassword;
        map["2"] = Seals.OtherPassword;

        sealer.Unseal(seal).Success.ShouldBeTrue();
        Seals.Fields(sealer.Seal(Seals.MockSessionJson, Seals.Ttl))[1].ShouldBe("1");
    }

    [Fact]
    public void Without_a_clock_the_sealer_uses_the_system_clock()
    {
        var sealer = new IronSealer(Seals.Password);

        var opened = sealer.Unseal(sealer.Seal("{}"u8, TimeSpan.FromMinutes(5)));

        opened.Success.ShouldBeTrue(opened.Reason);
        opened.ExpiresAt!.Value.ShouldBe(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        Encoding.UTF8.GetString(opened.Json.Span).ShouldBe("{}");
    }
}
