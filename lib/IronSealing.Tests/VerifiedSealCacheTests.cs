using Shouldly;

namespace IronSealing.Tests;

/// <summary>The opt-in cache of verified seals, through the public API: what it keeps, what it checks, what it costs.</summary>
public sealed class VerifiedSealCacheTests
{
    private sealed record Parsed(string Json, DateTimeOffset? ExpiresAt);

    [Fact]
    public void A_remembered_seal_gives_back_the_first_value_without_reading_its_json_again()
    {
        var clock = Seals.ClockAt(Seals.Now);
        using var sealer = new IronSealer(Seals.Password, clock).WithVerifiedSealCache(1024 * 1024);
        var seal = sealer.Seal(Seals.MockSessionJson, Seals.Ttl);
        var reads = 0;

        var first = sealer.Unseal(seal, Read);
        var second = sealer.Unseal(seal, Read);

        first.Success.ShouldBeTrue(first.Reason);
        second.Value.ShouldBeSameAs(first.Value);
        second.ExpiresAt.ShouldBe(Seals.Now + Seals.Ttl);
        reads.ShouldBe(1);
        sealer.VerifiedSealCacheBytes.ShouldBeGreaterThan(2L * seal.Length);

        Parsed Read(ReadOnlyMemory<byte> json, DateTimeOffset? expiresAt)
        {
            reads++;
            return new Parsed(System.Text.Encoding.UTF8.GetString(json.Span), expiresAt);
        }
    }

    [Fact]
    public void A_seal_that_expires_in_year_9999_is_remembered_without_failing()
    {
        using var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now)).WithVerifiedSealCache(1024 * 1024);
        var seal = sealer.Seal(Seals.MockSessionJson, DateTimeOffset.MaxValue);

        var first = sealer.Unseal(seal, (json, at) => new Parsed("", at));
        var second = sealer.Unseal(seal, (json, at) => new Parsed("", at));

        first.Success.ShouldBeTrue(first.Reason);
        second.Value.ShouldBeSameAs(first.Value, "the seal should be remembered, its far expiry bounded by the cache");
    }

    [Fact]
    public void Without_a_cache_every_unseal_reads_the_json()
    {
        using var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now));
        var seal = sealer.Seal(Seals.MockSessionJson, Seals.Ttl);
        var reads = 0;

        sealer.Unseal(seal, (_, at) => { reads++; return new Parsed("", at); });
        sealer.Unseal(seal, (_, at) => { reads++; return new Parsed("", at); });

        reads.ShouldBe(2);
        sealer.VerifiedSealCacheBytes.ShouldBe(0);
    }

    [Fact]
    public void A_remembered_seal_past_its_expiry_and_the_skew_is_refused_on_the_sealers_clock()
    {
        var clock = Seals.ClockAt(Seals.Now);
        using var sealer = new IronSealer(Seals.Password, clock).WithVerifiedSealCache(1024 * 1024);
        var seal = sealer.Seal(Seals.MockSessionJson, Seals.Ttl);
        sealer.Unseal(seal, (json, at) => new Parsed("", at)).Success.ShouldBeTrue();

        clock.Advance(Seals.Ttl + IronSealer.ClockSkew);
        var late = sealer.Unseal(seal, (json, at) => new Parsed("", at));

        late.Success.ShouldBeFalse("the cache gave back a seal past its expiry");
        late.Failure.ShouldBe(UnsealFailure.Expired);
    }

    [Fact]
    public void A_seal_that_fails_its_MAC_is_never_remembered()
    {
        using var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now)).WithVerifiedSealCache(1024 * 1024);
        var forged = Seals.WithField(sealer.Seal(Seals.MockSessionJson, Seals.Ttl), 7, new string('A', 43));

        var opened = sealer.Unseal(forged, (json, at) => new Parsed("", at));

        opened.Failure.ShouldBe(UnsealFailure.MacMismatch);
        sealer.VerifiedSealCacheBytes.ShouldBe(0);
    }

    [Fact]
    public void The_cache_stays_within_its_byte_limit()
    {
        const long limit = 16 * 1024;
        using var sealer = new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now)).WithVerifiedSealCache(limit);
        var sizes = new List<long>();

        for (var i = 0; i < 100; i++)
        {
            var json = System.Text.Encoding.UTF8.GetBytes("{\"user\":{\"id\":" + i + ",\"username\":\"" + new string('u', 500) + "\"}}");
            sealer.Unseal(sealer.Seal(json, Seals.Ttl), (j, at) => new Parsed("", at)).Success.ShouldBeTrue();
            sizes.Add(sealer.VerifiedSealCacheBytes);
        }

        sizes.ShouldAllBe(s => s <= limit);
        sizes.Max().ShouldBeGreaterThan(limit / 2, "the cache never filled");
    }
}
