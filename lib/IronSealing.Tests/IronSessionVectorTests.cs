using System.Text;
using System.Text.Json.Nodes;
using Shouldly;

namespace IronSealing.Tests;

/// <summary>Seals made by the real iron-session (6.3.1 and 8.0.4) with a fixed clock open here, and expire when iron says.</summary>
public sealed class IronSessionVectorTests
{
    [Fact]
    public void There_are_vectors_from_both_iron_session_versions()
    {
        Vector.Each.Select(v => v.IronSessionVersion).Distinct().Order().ShouldBe(["6.3.1", "8.0.4"]);
    }

    [Theory]
    [MemberData(nameof(Vector.Names), MemberType = typeof(Vector))]
    public void Every_vector_opens_at_the_clock_iron_session_sealed_it_with(string name)
    {
        var vector = Vector.Named(name);
        var sealer = new IronSealer(vector.Passwords, Seals.ClockAt(vector.SealedAt));

        var opened = sealer.Unseal(vector.Seal);

        opened.Success.ShouldBeTrue(opened.Reason);
        opened.Failure.ShouldBe(UnsealFailure.None);
        opened.Reason.ShouldBeNull();
        var json = Encoding.UTF8.GetString(opened.Json.Span);
        JsonNode.DeepEquals(JsonNode.Parse(json), vector.Payload).ShouldBeTrue(json);
        opened.ExpiresAt.ShouldBe(vector.SealedAt + vector.TimeToLive);
    }

    [Theory]
    [MemberData(nameof(Vector.Names), MemberType = typeof(Vector))]
    public void A_vector_opens_1_ms_before_ttl_plus_60_s_and_is_expired_at_exactly_ttl_plus_60_s(string name)
    {
        var vector = Vector.Named(name);
        var expiry = vector.SealedAt + vector.TimeToLive + IronSealer.ClockSkew;
        var clock = Seals.ClockAt(expiry - TimeSpan.FromMilliseconds(1));
        var sealer = new IronSealer(vector.Passwords, clock);

        sealer.Unseal(vector.Seal).Success.ShouldBeTrue("iron-session still opens it 1 ms before ttl + 60 s");

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var late = sealer.Unseal(vector.Seal);
        late.Success.ShouldBeFalse("iron-session calls it expired at ttl + 60 s");
        late.Failure.ShouldBe(UnsealFailure.Expired);
        late.Reason.ShouldBe("the seal has expired");
        late.ExpiresAt.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Vector.Names), MemberType = typeof(Vector))]
    public void A_vector_does_not_open_with_another_password_under_its_id(string name)
    {
        var vector = Vector.Named(name);
        var id = Seals.Fields(vector.Seal)[1];
        var sealer = new IronSealer(Seals.Map((id, "another-password-that-is-long-enough-for-iron!!")), Seals.ClockAt(vector.SealedAt));

        sealer.Unseal(vector.Seal).Failure.ShouldBe(UnsealFailure.MacMismatch);
    }
}
