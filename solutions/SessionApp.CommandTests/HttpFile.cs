using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionApp.Tests.Commands;

/// <summary>One request of a .http file, with the answer its comments say to expect.</summary>
/// <param name="Line">The request line's line number in the file (1-based), for messages.</param>
/// <param name="Title">The text after its <c>###</c>, or empty.</param>
/// <param name="Url">The URL as written, variables not yet replaced.</param>
/// <param name="Body">The body as written, or null when there is none.</param>
/// <param name="Status">The status from <c># expect: 200</c>, or null when the request states none.</param>
/// <param name="Contains">Each <c># expect: text</c>: text the answer's headers or body contain.</param>
/// <param name="Lacks">Each <c># expect not: text</c>: text they must not contain.</param>
/// <param name="NoCookieJar">REST Client's and Rider's <c># @no-cookie-jar</c>: sent without the kept cookies.</param>
public sealed record HttpFileRequest(
    int Line,
    string Title,
    string Method,
    string Url,
    string? Version,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    int? Status,
    IReadOnlyList<string> Contains,
    IReadOnlyList<string> Lacks,
    bool NoCookieJar)
{
    public override string ToString() => $"line {Line}: {Method} {Url}{(Title.Length > 0 ? $" ({Title})" : "")}";
}

/// <summary>
/// A .http file as Visual Studio, Rider and VS Code's REST Client read it: variables (<c>@name = value</c>) and
/// requests separated by <c>###</c> lines (text after <c>###</c> is a title). A request is a request line
/// (<c>METHOD URL [HTTP/version]</c>), its headers up to a blank line, then its body up to the next <c>###</c>. Lines
/// before the request line that start with <c>#</c> or <c>//</c> are comments; the workshop's comments say what
/// answer to expect (<c># expect: 200</c>, <c># expect: text</c>, <c># expect not: text</c>).
/// </summary>
public sealed partial record HttpFile(IReadOnlyDictionary<string, string> Variables, IReadOnlyList<HttpFileRequest> Requests)
{
    [GeneratedRegex(@"^@(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>.*?)\s*$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT) +(?<url>\S+)(?: +(?<version>HTTP/(?:1\.1|2|3)))?\s*$")]
    private static partial Regex RequestLine();

    // A header name is an HTTP token (RFC 9110).
    [GeneratedRegex(@"^(?<name>[!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(?<value>.*?)\s*$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^#\s*expect(?<not> not)?:\s*(?<text>.+?)\s*$")]
    private static partial Regex Expectation();

    [GeneratedRegex(@"^\d{3}$")]
    private static partial Regex StatusCode();

    [GeneratedRegex(@"\{\{(?<name>[^{}]+)\}\}")]
    private static partial Regex Use();

    /// <summary>Reads a .http file's text. Anything the format does not allow throws a <see cref="FormatException"/> naming the line.</summary>
    public static HttpFile Parse(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var requests = new List<HttpFileRequest>();
        var i = 0;
        var title = string.Empty;
        var first = true;
        while (i < lines.Length)
        {
            // Before the request line: comments, variables and blank lines.
            int? status = null;
            List<string> contains = [], lacks = [];
            var noCookieJar = false;
            Match request = Match.Empty;
            for (; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.StartsWith("###", StringComparison.Ordinal))
                {
                    break;
                }

                if (Variable().Match(line) is { Success: true } variable)
                {
                    variables[variable.Groups["name"].Value] = variable.Groups["value"].Value;
                }
                else if (Expectation().Match(line) is { Success: true } expectation)
                {
                    var expected = expectation.Groups["text"].Value;
                    if (expectation.Groups["not"].Success)
                    {
                        lacks.Add(expected);
                    }
                    else if (StatusCode().IsMatch(expected))
                    {
                        status = status is null
                            ? int.Parse(expected, CultureInfo.InvariantCulture)
                            : throw Error(i, "a second expected status; a request has one");
                    }
                    else
                    {
                        contains.Add(expected);
                    }
                }
                else if (line == "# @no-cookie-jar")
                {
                    noCookieJar = true;
                }
                else if (line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("//", StringComparison.Ordinal))
                {
                    request = RequestLine().Match(line);
                    if (!request.Success)
                    {
                        throw Error(i, $"'{line}' is not a request line (METHOD URL [HTTP/1.1]), a comment or a variable");
                    }

                    break;
                }
            }

            if (!request.Success)
            {
                // The part before the first ### may hold only comments and variables; any later part needs a request.
                if (!first || status is not null || contains.Count + lacks.Count > 0 || noCookieJar)
                {
                    throw Error(i - 1, $"the part{(title.Length > 0 ? $" '{title}'" : "")} that ends here has no request line");
                }

                if (i < lines.Length)
                {
                    title = lines[i].Trim().TrimStart('#').Trim();
                    i++;
                }

                first = false;
                continue;
            }

            var requestLine = i + 1;
            i++;

            // Headers, up to a blank line.
            var headers = new List<KeyValuePair<string, string>>();
            for (; i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].TrimStart().StartsWith("###", StringComparison.Ordinal); i++)
            {
                var header = Header().Match(lines[i]);
                if (!header.Success)
                {
                    throw Error(i, $"'{lines[i]}' is not a header (Name: value); a blank line comes before the body");
                }

                headers.Add(new(header.Groups["name"].Value, header.Groups["value"].Value));
            }

            // The body, up to the next ###, without the blank lines around it.
            var body = new List<string>();
            for (; i < lines.Length && !lines[i].TrimStart().StartsWith("###", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }

            var content = string.Join('\n', body).Trim('\n', ' ', '\t');
            requests.Add(new HttpFileRequest(
                requestLine, title, request.Groups["method"].Value, request.Groups["url"].Value,
                request.Groups["version"].Success ? request.Groups["version"].Value : null,
                headers, content.Length > 0 ? content : null, status, contains, lacks, noCookieJar));
            first = false;
            if (i < lines.Length)
            {
                title = lines[i].Trim().TrimStart('#').Trim();
                i++;
            }
        }

        return new HttpFile(variables, requests);
    }

    /// <summary>
    /// Replaces every <c>{{name}}</c> with the file's variable (which may use others), or with an override: the tests
    /// point <c>host</c> at the app they started. An unknown name throws, as the IDEs refuse to send the request.
    /// </summary>
    public string Resolve(string text, IReadOnlyDictionary<string, string>? overrides = null)
    {
        for (var depth = 0; Use().IsMatch(text); depth++)
        {
            if (depth > 10)
            {
                throw new FormatException($"The variables in '{text}' refer to each other in a loop.");
            }

            text = Use().Replace(text, m =>
            {
                var name = m.Groups["name"].Value.Trim();
                return overrides is not null && overrides.TryGetValue(name, out var value) ? value
                    : Variables.TryGetValue(name, out value) ? value
                    : throw new FormatException($"{{{{{name}}}}} is used but no '@{name} = ...' defines it.");
            });
        }

        return text;
    }

    private static FormatException Error(int index, string message) => new($"line {index + 1}: {message}");
}
