using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;
using Workshop.Testkit;

namespace IronSealing.Tests;

/// <summary>
/// Seals go both ways between this library and the real iron-session 6.3.1 and 8.0.4, through interop/iron.mjs.
/// Outside CI these skip when interop/node_modules is missing; in CI (CI=true) that fails instead.
/// </summary>
public sealed class LiveIronSessionTests
{
    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public async Task A_seal_made_here_opens_in_iron_session(int version)
    {
        var seal = new IronSealer(Seals.Password).Seal(Seals.MockSessionJson, Seals.Ttl);

        var answer = await IronSessionCli.RunAsync(new { op = "unseal", version, password = Seals.Password, seal });

        JsonNode.DeepEquals(answer["data"], JsonNode.Parse(Seals.MockSessionJson)).ShouldBeTrue(answer.ToJsonString());
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public async Task A_seal_iron_session_makes_now_opens_here(int version)
    {
        var answer = await IronSessionCli.RunAsync(new
        {
            op = "seal", version, password = Seals.Password, ttl = (int)Seals.Ttl.TotalSeconds,
            data = JsonNode.Parse(Seals.MockSessionJson),
        });

        var opened = new IronSealer(Seals.Password).Unseal(answer["seal"]!.GetValue<string>());

        opened.Success.ShouldBeTrue(opened.Reason);
        var json = Encoding.UTF8.GetString(opened.Json.Span);
        JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(Seals.MockSessionJson)).ShouldBeTrue(json);
        opened.ExpiresAt!.Value.ShouldBe(DateTimeOffset.UtcNow + Seals.Ttl, TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public async Task Iron_session_and_this_library_seal_with_the_same_id_and_open_each_others_rotated_seals(int version)
    {
        var passwords = Seals.Map(("9", Seals.Password), ("10", Seals.OtherPassword));
        var sealer = new IronSealer(passwords);

        var theirs = (await IronSessionCli.RunAsync(new
        {
            op = "seal", version, password = passwords, ttl = 600, data = new { user = new { id = 23 } },
        }))["seal"]!.GetValue<string>();
        var ours = sealer.Seal("""{"user":{"id":23}}"""u8, TimeSpan.FromMinutes(10));
        var answer = await IronSessionCli.RunAsync(new { op = "unseal", version, password = passwords, seal = ours });

        Seals.Fields(theirs)[1].ShouldBe("10");
        Seals.Fields(ours)[1].ShouldBe("10");
        sealer.Unseal(theirs).Success.ShouldBeTrue();
        answer["data"]!.ToJsonString().ShouldBe("""{"user":{"id":23}}""");
    }

    /// <summary>Runs interop/iron.mjs with one JSON request and returns its JSON answer.</summary>
}
