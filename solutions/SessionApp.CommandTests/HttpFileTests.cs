using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Commands;

/// <summary>
/// Each step's requests.http parses as the IDEs read it, and each of its requests, sent in order to the finished app
/// with a cookie jar kept across the file (as REST Client and Rider keep one), answers as its comments say.
/// </summary>
public sealed class HttpFileTests(DevelopmentApp app) : IClassFixture<DevelopmentApp>
{
    [Theory]
    [MemberData(nameof(Documents.StepFolders), MemberType = typeof(Documents))]
    public void A_step_requests_file_parses_and_says_what_each_request_should_answer(string folder)
    {
        var path = $"steps/{folder}/{Documents.RequestsFile}";
        File.Exists(RepositoryRoot.InRoot(path)).ShouldBeTrue($"{path} should exist: every step folder has the requests of its README, for the IDEs");
        var file = HttpFile.Parse(Documents.Text(path));

        file.Requests.ShouldNotBeEmpty($"{path} has no request");
        file.Variables.ShouldContainKey("host", $"{path} should define '@host = ...', the one place a learner changes the port");
        file.Variables["host"].ShouldBe(LaunchAddress(folder), $"{path}'s @host should be where the step's app listens (its launch profile)");
        file.Requests.Where(r => r.Status is null).ShouldBeEmpty($"every request in {path} should say its status, '# expect: 200'");
        file.Requests.Where(r => !r.Url.StartsWith("{{host}}/", StringComparison.Ordinal))
            .ShouldBeEmpty($"every request in {path} should go to {{{{host}}}}, so one line sets the port");
        foreach (var request in file.Requests)
        {
            Uri.IsWellFormedUriString(file.Resolve(request.Url), UriKind.Absolute).ShouldBeTrue($"{path}, {request}: not an absolute URL once resolved");
        }
    }

    [Theory]
    [MemberData(nameof(Documents.StepFolders), MemberType = typeof(Documents))]
    public async Task A_step_requests_file_answers_as_its_comments_say(string folder)
    {
        var path = $"steps/{folder}/{Documents.RequestsFile}";
        var file = HttpFile.Parse(Documents.Text(path));
        var host = new Dictionary<string, string> { ["host"] = $"{app.Address.Scheme}://{app.Address.Authority}" };
        var jar = new CookieContainer();
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        var failures = new List<string>();
        foreach (var request in file.Requests)
        {
            var (status, answer) = await SendAsync(client, jar, file, request, host);
            var wrong = new List<string>();
            if (status != request.Status)
            {
                wrong.Add($"status {status}, not {request.Status}");
            }

            wrong.AddRange(request.Contains.Where(t => !answer.Contains(t, StringComparison.Ordinal)).Select(t => $"no '{t}'"));
            wrong.AddRange(request.Lacks.Where(t => answer.Contains(t, StringComparison.Ordinal)).Select(t => $"'{t}', which it should not have"));
            if (wrong.Count > 0)
            {
                failures.Add($"{path}, {request}: {string.Join("; ", wrong)}. The answer was:{Environment.NewLine}{answer}");
            }
        }

        failures.ShouldBeEmpty(
            $"Sent in order to the finished app in Development, with one cookie jar, some requests of {path} did not answer as its "
            + "'# expect' comments say. Fix the file, or the README it follows, so that both say what the app does.");
    }

    [Fact]
    public void The_parser_reads_variables_requests_headers_bodies_and_expectations()
    {
        var file = HttpFile.Parse("""
            # A file comment, then a variable.
            @host = http://localhost:5080
            @api = {{host}}/api

            ### First
            # expect: 201
            # expect: made
            # expect not: secure
            # @no-cookie-jar
            POST {{api}}/things HTTP/1.1
            Content-Type: application/json
            X-Empty:

            {"a": 1}

            ###
            // expect lines in // comments are plain comments
            GET {{host}}/
            ###
            """);

        file.Requests.Count.ShouldBe(2);
        var first = file.Requests[0];
        (first.Line, first.Title, first.Method, first.Version).ShouldBe((10, "First", "POST", "HTTP/1.1"));
        file.Resolve(first.Url).ShouldBe("http://localhost:5080/api/things");
        file.Resolve(first.Url, new Dictionary<string, string> { ["host"] = "http://127.0.0.1:1" }).ShouldBe("http://127.0.0.1:1/api/things");
        first.Headers.ShouldBe([new("Content-Type", "application/json"), new("X-Empty", "")]);
        first.Body.ShouldBe("""{"a": 1}""");
        (first.Status, first.NoCookieJar).ShouldBe((201, true));
        first.Contains.ShouldBe(["made"]);
        first.Lacks.ShouldBe(["secure"]);

        var second = file.Requests[1];
        (second.Method, second.Body, second.Status, second.NoCookieJar).ShouldBe(("GET", null, null, false));
        second.Contains.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("GET\n", "line 1")]
    [InlineData("FETCH http://x/\n", "line 1")]
    [InlineData("GET http://x/\nnot a header\n", "line 2")]
    [InlineData("###\n# expect: 200\n###\nGET http://x/\n", "line 2")]
    [InlineData("# expect: 200\n# expect: 404\nGET http://x/\n", "line 2")]
    public void The_parser_names_the_line_it_cannot_read(string text, string line) =>
        Should.Throw<FormatException>(() => HttpFile.Parse(text)).Message.ShouldStartWith(line);

    [Fact]
    public void An_unknown_variable_is_an_error_as_in_the_IDEs() =>
        Should.Throw<FormatException>(() => HttpFile.Parse("GET {{nowhere}}/\n").Resolve("{{nowhere}}/")).Message.ShouldContain("@nowhere");

    /// <summary>Sends one request as an IDE does, and returns its status and its answer as text: status line, headers, body.</summary>
    private static async Task<(int Status, string Answer)> SendAsync(
        HttpClient client, CookieContainer jar, HttpFile file, HttpFileRequest request, IReadOnlyDictionary<string, string> host)
    {
        var uri = new Uri(file.Resolve(request.Url, host));
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.Version is not null)
        {
            message.Version = Version.Parse(request.Version["HTTP/".Length..]);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(file.Resolve(request.Body, host)));
        }

        var cookies = request.NoCookieJar ? string.Empty : jar.GetCookieHeader(uri);
        foreach (var (name, raw) in request.Headers)
        {
            var value = file.Resolve(raw, host);
            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) && cookies.Length > 0)
            {
                value = $"{value}; {cookies}";
                cookies = string.Empty;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value) && message.Content?.Headers.TryAddWithoutValidation(name, value) != true)
            {
                throw new InvalidOperationException($"{request}: the header {name} cannot be sent{(message.Content is null ? " without a body" : "")}.");
            }
        }

        if (cookies.Length > 0)
        {
            message.Headers.Add("Cookie", cookies);
        }

        using var response = await client.SendAsync(message, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!request.NoCookieJar && response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                jar.SetCookies(uri, setCookie);
            }
        }

        var answer = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}\n");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            foreach (var value in values)
            {
                answer.Append(CultureInfo.InvariantCulture, $"{name}: {value}\n");
            }
        }

        return ((int)response.StatusCode, answer.Append('\n').Append(body).ToString());
    }

    /// <summary>The address of the step app's launch profile, which <c>dotnet run</c> and the IDEs use.</summary>
    private static string LaunchAddress(string folder)
    {
        using var settings = JsonDocument.Parse(Documents.Text($"steps/{folder}/SessionApp/Properties/launchSettings.json"));
        return settings.RootElement.GetProperty("profiles").EnumerateObject().First().Value
            .GetProperty("applicationUrl").GetString()!.Split(';')[0];
    }
}
