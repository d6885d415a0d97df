using CartStorage.Database;
using CartStorage.Testing;

namespace CartStorage.Observability.Tests;

/// <summary>Conflicts and retries of DatabaseStorage on SQLite, forced by a write that lands between a read and its compare-and-swap.</summary>
public sealed class DatabaseTelemetryTests
{
    private const string Default = ObservedStorage.Default;

    [Fact]
    public async Task A_conflict_that_a_retry_resolves_counts_one_conflict_and_one_retry()
    {
        await using var observed = ObservedStorage.Sqlite();
        var storage = observed.Storage;
        await storage.PutItemsAsync("u", Default, [CartData.Item("a")]);
        observed.Telemetry.Clear();

        var interfered = false;
        var stored = await storage.UpdateAsync("u", Default, cart =>
        {
            if (!interfered)
            {
                // Another writer changes the cart after this attempt read it: its compare-and-swap must fail.
                interfered = true;
                storage.PutMetadataAsync("u", Default, "other", CartData.Json("1")).GetAwaiter().GetResult();
            }

            return cart with { Items = [.. cart.Items, CartData.Item("b")] };
        });

        stored.Metadata.Should().ContainKey("other", "the retry re-read the cart the other writer stored");
        var telemetry = observed.Telemetry;
        telemetry.Sum("cart.storage.conflicts", ("cart.storage.backend", "database"), ("cart.storage.operation", "update")).Should().Be(1);
        telemetry.Sum("cart.storage.retries", ("cart.storage.backend", "database"), ("cart.storage.operation", "update")).Should().Be(1);
        telemetry.Sum("cart.storage.operations", ("cart.storage.backend", "database"), ("cart.storage.operation", "update"), ("cart.storage.outcome", "success")).Should().Be(2);
        telemetry.Measurements("cart.storage.payload.size").Should().OnlyContain(m => m.Has("cart.storage.backend", "database") && m.Value > 0).And.HaveCount(3, "two attempts of the update and the other write");

        var spans = telemetry.Spans;
        spans.Should().HaveCount(2).And.OnlyContain(s => s.OperationName == "cart.storage.update" && (string?)s.GetTagItem("cart.storage.outcome") == "success");
        var outer = spans.Single(s => spans.Any(child => child.ParentSpanId == s.SpanId));
        outer.GetTagItem("cart.storage.backend").Should().Be("database");
    }

    [Fact]
    public async Task A_write_that_keeps_conflicting_counts_every_failed_attempt_then_one_conflict_operation()
    {
        await using var observed = ObservedStorage.Sqlite(o => o.Retry.MaxAttempts = 3);
        var storage = observed.Storage;
        await storage.PutItemsAsync("u", Default, [CartData.Item("a")]);
        observed.Telemetry.Clear();

        var attempts = 0;
        await storage.Invoking(s => s.UpdateAsync("u", Default, cart =>
        {
            attempts++;
            storage.PutMetadataAsync("u", Default, "other", CartData.Json(attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))).GetAwaiter().GetResult();
            return cart with { Items = [.. cart.Items, CartData.Item("b")] };
        })).Should().ThrowAsync<CartConflictException>();

        attempts.Should().Be(3);
        var telemetry = observed.Telemetry;
        telemetry.Sum("cart.storage.conflicts", ("cart.storage.backend", "database"), ("cart.storage.operation", "update")).Should().Be(3);
        telemetry.Sum("cart.storage.retries", ("cart.storage.backend", "database"), ("cart.storage.operation", "update")).Should().Be(2);
        telemetry.Sum("cart.storage.operations", ("cart.storage.operation", "update"), ("cart.storage.outcome", "conflict")).Should().Be(1);
        telemetry.Sum("cart.storage.operations", ("cart.storage.operation", "update"), ("cart.storage.outcome", "success")).Should().Be(3, "the other writer's three puts");
        telemetry.Spans.Where(s => (string?)s.GetTagItem("cart.storage.outcome") == "conflict").Should().ContainSingle()
            .Which.GetTagItem("error.type").Should().Be(typeof(CartConflictException).FullName);
    }

    [Fact]
    public async Task A_stale_save_is_one_conflict_and_no_retry()
    {
        await using var observed = ObservedStorage.Sqlite();
        var storage = observed.Storage;
        var stale = await storage.UpdateAsync("u", Default, cart => cart with { Items = [CartData.Item("a")] });
        await storage.PutItemsAsync("u", Default, [CartData.Item("b")]);
        observed.Telemetry.Clear();

        await storage.Invoking(s => s.SaveAsync("u", Default, stale)).Should().ThrowAsync<CartConflictException>();

        observed.Telemetry.Sum("cart.storage.conflicts", ("cart.storage.backend", "database"), ("cart.storage.operation", "save")).Should().Be(1);
        observed.Telemetry.Measurements("cart.storage.retries").Should().BeEmpty();
        observed.Telemetry.Sum("cart.storage.operations", ("cart.storage.backend", "database"), ("cart.storage.operation", "save"), ("cart.storage.outcome", "conflict")).Should().Be(1);
    }
}
