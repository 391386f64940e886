using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Shouldly;

namespace SessionApp.Tests.Infrastructure;

/// <summary>Parses the app's pages; a selector that misses fails with the page it looked at.</summary>
public static class Html
{
    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return await new HtmlParser().ParseDocumentAsync(html, TestContext.Current.CancellationToken);
    }

    public static IElement Find(this IDocument document, string selector)
    {
        return document.QuerySelector(selector)
            ?? throw new ShouldAssertException($"No element matches '{selector}' in the page:{Environment.NewLine}{document.DocumentElement.ToHtml()}");
    }
}
