using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// Text that names code cannot drift from it: every backticked member access in a step's README, hints and docs page
/// (<c>Type.Member</c>, <c>variable.Member(...)</c>) must compile, with Roslyn's semantic model, against that step's
/// app as the learner has it once the step is solved: either on its own (a type and its member) or inside a method a
/// task of this step or an earlier one edits, where that method's parameters, locals and fields are in scope. A name
/// that merely exists somewhere else does not count: the receiver's real type must have the member. "A result with
/// `Member`" after such an access is checked on the access's type too.
/// </summary>
public sealed partial class TextDriftTests
{
    /// <summary>Receivers that are not the app's C#: the browser's JavaScript and the names the pages' script uses.</summary>
    private static readonly HashSet<string> NotCSharp = ["document", "location", "window", "routes", "session", "fetch", "console", "JSON"];

    /// <summary>Code spans that name files or hosts, not members.</summary>
    private static readonly string[] FileEndings = [".md", ".cs", ".csproj", ".props", ".targets", ".json", ".http", ".js", ".txt", ".html", ".exe", ".com", ".sln", ".slnx", ".config", ".png"];

    private static readonly Lazy<(IReadOnlyList<MetadataReference> References, IReadOnlyList<string> Usings)> Build = new(LoadBuild);

    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_member_a_steps_text_names_exists_in_its_app(int number)
    {
        var step = StepArgument.Get(number);
        var root = Sandbox.Real.Root;
        var texts = new[] { $"steps/{step.Folder}/README.md", $"steps/{step.Folder}/hints.md", $"docs/steps/{step.Folder}.md" }
            .Where(t => File.Exists(Path.Combine(root, t)))
            .ToList();
        var claims = texts.SelectMany(t => Claims(t, File.ReadAllText(Path.Combine(root, t)))).ToList();
        claims.ShouldNotBeEmpty($"no member access found in the texts of step {step.Id}: the extraction is broken");

        var drift = Check(step, claims)
            .Concat(CheckRoutesAndSettings(step, texts.SelectMany(t => InlineCode().Matches(File.ReadAllText(Path.Combine(root, t)))
                .Select(m => new Claim(t, m.Groups["code"].Value.Trim())))))
            .ToList();

        drift.ShouldBeEmpty(
            $"Step {step.Id}'s texts name code its app does not have (each line: where, what, and the compiler's word; " +
            $"change the text, or the code, so they agree):\n{string.Join('\n', drift)}\n");
    }

    /// <summary>One snippet of text that claims something of the code, and where it was read.</summary>
    public sealed record Claim(string Where, string Code);

    /// <summary>The member accesses a text's inline code spans claim, and "with `Member`" claims on them.</summary>
    public static IEnumerable<Claim> Claims(string where, string markdown)
    {
        var prose = FencedBlock().Replace(markdown, "\n");
        foreach (var sentence in SentenceEnd().Split(prose))
        {
            string? last = null;
            var chained = false;
            var spans = InlineCode().Matches(sentence);
            for (var i = 0; i < spans.Count; i++)
            {
                var code = spans[i].Groups["code"].Value.Trim();
                var before = sentence[(i == 0 ? 0 : spans[i - 1].Index + spans[i - 1].Length)..spans[i].Index];
                if (IsMemberAccess(code))
                {
                    (last, chained) = (code, false);
                    yield return new Claim(where, code);
                }
                else if (last is not null && last.EndsWith(')') && BareName().IsMatch(code) && char.IsUpper(code[0])
                    && (ClaimsMember().IsMatch(before) || (chained && AlsoMember().IsMatch(before))))
                {
                    // "`seals.Open(cookie)` gives back a result with `Session` ... and `Reason`": members of what it returns.
                    chained = true;
                    yield return new Claim(where, $"({last}).{code}");
                }
                else
                {
                    (last, chained) = BareName().IsMatch(code) ? (last, false) : (null, false);
                }
            }
        }
    }

    private static bool IsMemberAccess(string code)
    {
        if (!MemberAccessStart().IsMatch(code) || code.Contains("...", StringComparison.Ordinal) || code.Contains("<T>", StringComparison.Ordinal)
            || FileEndings.Any(e => code.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            || NotCSharp.Contains(code.Split('.', '(', '[')[0]))
        {
            return false;
        }

        var expression = SyntaxFactory.ParseExpression(code);
        return !expression.ContainsDiagnostics && expression.FullSpan.Length == code.Length
            && expression.DescendantNodesAndSelf().Any(n => n is MemberAccessExpressionSyntax);
    }

    /// <summary>
    /// Compiles the step's solved app with a probe per claim and per context: alone (usings of the whole app), at the
    /// end of every method holding a region of this step or an earlier one, and after Program.cs's top-level
    /// statements. A claim holds if one of its probes compiles.
    /// </summary>
    private static List<string> Check(Step step, IReadOnlyList<Claim> claims)
    {
        var (references, usings) = Build.Value;
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        // Each claim is probed as written and, where its arguments are only names (the parameters of a signature, as
        // in `Append(name, value, options)`), as nameof of the member it calls, which checks the receiver and the member.
        var codes = claims.SelectMany(c => Variants(c.Code)).Distinct().ToList();
        var contexts = RegionMethods(step);
        var trees = new List<SyntaxTree>();
        var file = 0;
        foreach (var (path, text) in new Generator(Sandbox.Real).Solved(step).Where(f => f.Key.EndsWith(".cs", StringComparison.Ordinal)))
        {
            file++;
            var root = CSharpSyntaxTree.ParseText(text, options, path: path).GetCompilationUnitRoot();
            var methods = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Where(m => m.Parent is TypeDeclarationSyntax type && contexts.Contains((path, type.Identifier.Text, m.Identifier.Text)))
                .ToList();
            root = root.ReplaceNodes(methods.Select(m => (TypeDeclarationSyntax)m.Parent!).Distinct(), (original, rewritten) =>
                ((TypeDeclarationSyntax)rewritten).AddMembers([.. methods.Where(m => m.Parent == original)
                    .SelectMany((method, k) => codes.Select((code, c) => (MemberDeclarationSyntax)WithProbe(method, $"__probe_{file}_{k}_{c}", code)))]));
            if (root.Members.OfType<GlobalStatementSyntax>().Any())
            {
                // Program.cs: a local function per claim after the top-level statements sees their locals (builder, app).
                root = root.WithMembers(root.Members.InsertRange(root.Members.IndexOf(root.Members.OfType<GlobalStatementSyntax>().Last()) + 1,
                    codes.Select((code, c) => (MemberDeclarationSyntax)SyntaxFactory.GlobalStatement(
                        SyntaxFactory.ParseStatement($"async Task __program_{c}() {{ _ = {code}; await Task.CompletedTask; }}")))));
            }

            trees.Add(CSharpSyntaxTree.Create(root, options, path));
        }

        var alone = string.Join('\n', usings.Select(u => $"using {u};"))
            + "\nnamespace SessionApp.DriftProbes;\nstatic class Alone\n{\n"
            + string.Join('\n', codes.Select((code, c) => $"    static async Task __alone_{c}() {{ _ = {code}; await Task.CompletedTask; }}"))
            + "\n}\n";
        trees.Add(CSharpSyntaxTree.ParseText(alone, options, path: "Alone.cs"));
        trees.Add(CSharpSyntaxTree.ParseText(string.Join('\n', usings.Select(u => $"global using {u};")), options, path: "GlobalUsings.cs"));
        var compilation = CSharpCompilation.Create("DriftCheck", trees, references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        // Every probe of a claim, by the suffix its method names carry: _<index of the claim's code>.
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.IsInSource)
            .Select(d => (Probe: EnclosingProbe(d), Diagnostic: d))
            .Where(p => p.Probe is not null)
            .ToLookup(p => p.Probe!, p => p.Diagnostic);
        var probes = compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes())
            .Select(n => n switch { MethodDeclarationSyntax m => m.Identifier.Text, LocalFunctionStatementSyntax f => f.Identifier.Text, _ => null })
            .Where(name => name is not null && name.StartsWith("__", StringComparison.Ordinal))
            .ToLookup(name => int.Parse(name![(name!.LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture), name => name!);

        return [.. claims
            .Select(claim => (claim, Probes: Variants(claim.Code).SelectMany(v => probes[codes.IndexOf(v)]).ToList()))
            .Where(c => c.Probes.All(errors.Contains))
            .Select(c => $"  {c.claim.Where}: `{c.claim.Code}`: {Closest(c.Probes.Select(p => errors[p].ToList()))}")
            .Distinct()];
    }

    /// <summary>
    /// Routes (<c>/api/session/store</c>) must be a string the app's C# holds or a file under its wwwroot; setting keys
    /// (<c>Session:Redis</c>, <c>Login:FailureLimit</c>) must name a property of an options class whose SectionName
    /// is the key's first part.
    /// </summary>
    private static IEnumerable<string> CheckRoutesAndSettings(Step step, IEnumerable<Claim> spans)
    {
        var files = new Generator(Sandbox.Real).Solved(step);
        var sources = files.Where(f => f.Key.EndsWith(".cs", StringComparison.Ordinal)).Select(f => CSharpSyntaxTree.ParseText(f.Value).GetRoot()).ToList();
        // The strings the app holds: its literals, and its string constants as the compiler folds them (ReadRoute + "/store").
        var compilation = CSharpCompilation.Create("Routes", sources.Select(r => r.SyntaxTree), Build.Value.References);
        var literals = sources.SelectMany(r => r.DescendantNodes().OfType<LiteralExpressionSyntax>())
            .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)).Select(l => l.Token.ValueText)
            .Concat(compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member).OfType<IFieldSymbol>()
                .Where(f => f.HasConstantValue && f.ConstantValue is string).Select(f => (string)f.ConstantValue!))
            .ToHashSet(StringComparer.Ordinal);
        // Every options class of a section: each class whose constant SectionName is the section (several features may
        // bind one section, each its own class), with the properties of all of them.
        var sections = compilation.GetSymbolsWithName("SectionName", SymbolFilter.Member).OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue && f.ConstantValue is string)
            .GroupBy(f => (string)f.ConstantValue!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(f => f.ContainingType.GetMembers().OfType<IPropertySymbol>()).Select(p => p.Name).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

        foreach (var span in spans.DistinctBy(s => (s.Where, s.Code)))
        {
            if (Route().IsMatch(span.Code) && !OperatingSystemPath().IsMatch(span.Code)
                && !literals.Contains(span.Code) && !files.ContainsKey("wwwroot" + span.Code))
            {
                yield return $"  {span.Where}: `{span.Code}`: no route or file of the app has this path";
            }
            else if (SettingKey().Match(span.Code) is { Success: true } key && sections.TryGetValue(key.Groups["section"].Value, out var properties)
                && !properties.Contains(key.Groups["property"].Value))
            {
                yield return $"  {span.Where}: `{span.Code}`: the options of section {key.Groups["section"].Value} have no property {key.Groups["property"].Value}";
            }
        }
    }

    /// <summary>
    /// What a claim is probed as: itself, and nameof the member it names when that is a plain chain of names (a method
    /// group, an instance member named through its type, a namespace) or a call whose arguments are only names.
    /// </summary>
    private static IEnumerable<string> Variants(string code)
    {
        yield return code;
        var expression = SyntaxFactory.ParseExpression(code);
        var named = expression is InvocationExpressionSyntax call
            && call.ArgumentList.Arguments.All(a => a.Expression is IdentifierNameSyntax or DeclarationExpressionSyntax)
                ? call.Expression
                : expression;
        if (named is MemberAccessExpressionSyntax && named.DescendantNodesAndSelf().All(n =>
            n is MemberAccessExpressionSyntax or IdentifierNameSyntax or GenericNameSyntax or TypeArgumentListSyntax or PredefinedTypeSyntax))
        {
            yield return $"nameof({named})";
        }
    }

    /// <summary>The compiler's word from the probe that came closest: where the names resolved (no CS0103), with the fewest errors.</summary>
    private static string Closest(IEnumerable<List<Diagnostic>> errors) =>
        errors.OrderBy(e => e.Count(d => d.Id == "CS0103")).ThenBy(e => e.Count).First()
            .Where(d => d.Id != "CS0103").DefaultIfEmpty(errors.First().First()).First()
            .GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The methods (file, type, name) holding a region of this step or an earlier one, in the solution's sources.</summary>
    private static HashSet<(string File, string Type, string Method)> RegionMethods(Step step) =>
        [.. Directory.EnumerateFiles(Sandbox.Real.Solution, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Where(m => m.Parent is TypeDeclarationSyntax && RegionsIn(m).Any(region => region <= step.Number))
                .Select(m => (Path.GetRelativePath(Sandbox.Real.Solution, f).Replace('\\', '/'), ((TypeDeclarationSyntax)m.Parent!).Identifier.Text, m.Identifier.Text)))];

    /// <summary>A copy of the method, renamed, with <c>_ = code;</c> after its last statement, where its locals are in scope.</summary>
    private static MethodDeclarationSyntax WithProbe(MethodDeclarationSyntax method, string id, string code)
    {
        var probe = SyntaxFactory.ParseStatement($"_ = {code};");
        var body = method.Body ?? SyntaxFactory.Block(method.ExpressionBody is { } arrow
            ? method.ReturnType is PredefinedTypeSyntax { Keyword.Text: "void" } || (method.Modifiers.Any(m => m.Text == "async") && method.ReturnType.ToString() == "Task")
                ? SyntaxFactory.ExpressionStatement(arrow.Expression)
                : SyntaxFactory.ReturnStatement(arrow.Expression)
            : SyntaxFactory.EmptyStatement());
        var statements = body.Statements.Count > 0 && body.Statements.Last() is ReturnStatementSyntax or ThrowStatementSyntax
            ? body.Statements.Insert(body.Statements.Count - 1, probe)
            : body.Statements.Add(probe);
        return method
            .WithIdentifier(SyntaxFactory.Identifier(id))
            .WithExplicitInterfaceSpecifier(null)
            .WithAttributeLists(default)
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(body.WithStatements(statements));
    }

    /// <summary>The probe a compiler error sits in, if it sits in a probe's own statement (not in a copied method's body).</summary>
    private static string? EnclosingProbe(Diagnostic diagnostic)
    {
        var node = diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan);
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            var (name, body) = ancestor switch
            {
                MethodDeclarationSyntax m => (m.Identifier.Text, (SyntaxNode?)m.Body),
                LocalFunctionStatementSyntax f => (f.Identifier.Text, f.Body),
                _ => (null, null),
            };
            if (name is null)
            {
                continue;
            }

            var probe = body?.ChildNodes().OfType<ExpressionStatementSyntax>().LastOrDefault(s => s.ToString().StartsWith("_ = ", StringComparison.Ordinal));
            return name.StartsWith("__", StringComparison.Ordinal) && probe is not null && probe.Span.Contains(diagnostic.Location.SourceSpan) ? name : null;
        }

        return null;
    }

    /// <summary>The steps whose regions (<c>// &lt;stepNN-...&gt;</c>) a method holds.</summary>
    private static IEnumerable<int> RegionsIn(MethodDeclarationSyntax method) =>
        method.DescendantTrivia().Select(t => Markers.RegionStart().Match(t.ToString())).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups["step"].Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The finished app's references and implicit usings, as MSBuild resolves them (the starters' project is the same).</summary>
    private static (IReadOnlyList<MetadataReference>, IReadOnlyList<string>) LoadBuild()
    {
        var result = ProcessRunner.RunAsync("dotnet",
            ["msbuild", "solutions/SessionApp/SessionApp.csproj", "-restore", "-t:Build;FindReferenceAssembliesForReferences", "-getItem:ReferencePathWithRefAssemblies", "-getItem:Using", "-nologo"],
            Sandbox.Real.Root, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        result.ExitCode.ShouldBe(0, result.Output);
        using var json = JsonDocument.Parse(result.StandardOutput[result.StandardOutput.IndexOf('{', StringComparison.Ordinal)..]);
        var items = json.RootElement.GetProperty("Items");
        var references = items.GetProperty("ReferencePathWithRefAssemblies").EnumerateArray()
            .Select(i => (MetadataReference)MetadataReference.CreateFromFile(i.GetProperty("FullPath").GetString()!)).ToList();
        var usings = items.GetProperty("Using").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!).ToList();
        var appNamespaces = Directory.EnumerateFiles(Sandbox.Real.Solution, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => UsingOrNamespace().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value));
        return (references, [.. usings.Concat(appNamespaces).Distinct()]);
    }

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    /// <summary>Where a sentence ends: a full stop, colon or question mark before a space, or a blank line (a member access has no space after its dot).</summary>
    [GeneratedRegex(@"(?<=[.!?:;])\s+|\n\s*\n")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(?<!`)`(?<code>[^`\n]+)`(?!`)")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex BareName();

    [GeneratedRegex(@"^[A-Za-z_]\w*(<[\w<>, ]+>)?(\(\))?\.[A-Za-z_]")]
    private static partial Regex MemberAccessStart();

    /// <summary>Words before a name that claim it as a member of what the access before returns: "a result with `Session`".</summary>
    [GeneratedRegex(@"\b(with|its|has)\s*$")]
    private static partial Regex ClaimsMember();

    /// <summary>Words that carry such a claim on to the next name: "with `Session` (…) and `Reason`".</summary>
    [GeneratedRegex(@"\b(and|or)\s*$")]
    private static partial Regex AlsoMember();

    [GeneratedRegex(@"^/[a-z][a-z0-9/._-]*$")]
    private static partial Regex Route();

    [GeneratedRegex(@"^/(dev|tmp|usr|etc|var)/")]
    private static partial Regex OperatingSystemPath();

    [GeneratedRegex(@"^(?<section>[A-Z][A-Za-z]+):(?<property>[A-Z][A-Za-z]+)(:|$)")]
    private static partial Regex SettingKey();

    [GeneratedRegex(@"^(?:using|namespace)\s+(?<name>[A-Za-z_][\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingOrNamespace();
}
