using System.Diagnostics;
using CartStorage.Testing;

namespace CartStorage.Observability.Tests;

/// <summary>Cart identifiers may be personal data (a user id, an e-mail address): no span carries them, in any form the span exposes.</summary>
public sealed class PersonalDataTests
{
    private const string Alice = "alice.smith@example.com";
    private const string Bob = "bob.jones@example.com";

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task No_span_carries_the_cart_identifier(string backend)
    {
        await using var observed = backend == "sqlite" ? ObservedStorage.Sqlite() : ObservedStorage.MemoryCache();
        var storage = observed.Storage;
        const string instance = "wishlist";

        await storage.PutItemsAsync(Alice, instance, [CartData.Item("a")]);
        var stale = await storage.GetAsync(Alice, instance);
        await storage.PutMetadataAsync(Alice, instance, "note", CartData.Json("\"gift\""));
        await storage.Invoking(s => s.SaveAsync(Alice, instance, stale!)).Should().ThrowAsync<CartConflictException>();
        await storage.UpdateAsync(Alice, instance, cart => cart with { Items = [.. cart.Items, CartData.Item("b")] });
        await storage.GetInstancesAsync(Alice);
        await storage.SwapIdentifierAsync(Alice, Bob, instance);
        await storage.HasAsync(Bob, instance);
        await storage.ForgetAsync(Bob, instance);
        await storage.ForgetIdentifierAsync(Alice);

        var spans = observed.Telemetry.Spans;
        spans.Should().HaveCount(10);
        spans.Where(s => s.GetTagItem("cart.storage.instance") is not null).Should().OnlyContain(s => (string?)s.GetTagItem("cart.storage.instance") == instance).And.HaveCount(8);
        foreach (var span in spans)
        {
            Texts(span).Should().NotContain(text => text.Contains("alice", StringComparison.OrdinalIgnoreCase) || text.Contains("bob", StringComparison.OrdinalIgnoreCase), span.OperationName);
        }
    }

    /// <summary>Everything a span exports as text.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.OperationName, span.DisplayName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"))
            .Concat(span.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []));
}
