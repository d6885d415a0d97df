using System.Diagnostics;
using CartStorage.Testing;

namespace CartStorage.Observability.Tests;

/// <summary>Operations, durations, payload sizes and spans of the memory cache backend, recorded by CartStorageBase.</summary>
public sealed class CacheTelemetryTests
{
    [Fact]
    public async Task A_put_is_one_update_operation_with_its_duration_payload_size_and_span()
    {
        await using var observed = ObservedStorage.MemoryCache();
        var instance = ObservedStorage.NewName();

        await observed.Storage.PutItemsAsync("u", instance, [CartData.Item("a")]);

        var telemetry = observed.Telemetry;
        var operation = telemetry.Measurements("cart.storage.operations").Should().ContainSingle().Subject;
        operation.Should().Match<Recorded>(m => m.Value == 1 && m.Unit == "{operation}"
            && m.Has("cart.storage.backend", "cache") && m.Has("cart.storage.operation", "update") && m.Has("cart.storage.outcome", "success"));
        telemetry.Measurements("cart.storage.operation.duration").Should().ContainSingle().Which.Should().Match<Recorded>(m => m.Unit == "s" && m.Value >= 0
            && m.Has("cart.storage.backend", "cache") && m.Has("cart.storage.operation", "update") && m.Has("cart.storage.outcome", "success"));
        telemetry.Measurements("cart.storage.payload.size").Should().ContainSingle().Which.Should().Match<Recorded>(m => m.Unit == "By" && m.Value > 50 && m.Has("cart.storage.backend", "cache"));

        var span = telemetry.Spans.Should().ContainSingle().Subject;
        span.Source.Name.Should().Be("CartStorage");
        span.OperationName.Should().Be("cart.storage.update");
        span.Kind.Should().Be(ActivityKind.Internal);
        span.Status.Should().Be(ActivityStatusCode.Unset);
        span.GetTagItem("cart.storage.backend").Should().Be("cache");
        span.GetTagItem("cart.storage.operation").Should().Be("update");
        span.GetTagItem("cart.storage.instance").Should().Be(instance);
        span.GetTagItem("cart.storage.outcome").Should().Be("success");
    }

    [Fact]
    public async Task Every_getter_is_one_get_operation_and_one_span()
    {
        await using var observed = ObservedStorage.MemoryCache();
        await observed.Storage.PutItemsAsync("u", ObservedStorage.Default, [CartData.Item("a")]);
        observed.Telemetry.Clear();

        await observed.Storage.HasAsync("u", ObservedStorage.Default);
        await observed.Storage.GetItemsAsync("u", ObservedStorage.Default);
        await observed.Storage.GetVersionAsync("u", ObservedStorage.Default);

        observed.Telemetry.Sum("cart.storage.operations", ("cart.storage.operation", "get"), ("cart.storage.outcome", "success")).Should().Be(3);
        observed.Telemetry.Measurements("cart.storage.operations").Should().HaveCount(3);
        observed.Telemetry.Spans.Select(s => s.OperationName).Should().Equal("cart.storage.get", "cart.storage.get", "cart.storage.get");
    }

    [Fact]
    public async Task A_stale_save_is_a_conflict_operation_a_conflict_and_a_failed_span()
    {
        await using var observed = ObservedStorage.MemoryCache();
        var storage = observed.Storage;
        await storage.PutItemsAsync("u", ObservedStorage.Default, [CartData.Item("a")]);
        var stale = await storage.GetAsync("u", ObservedStorage.Default);
        await storage.PutItemsAsync("u", ObservedStorage.Default, [CartData.Item("b")]);
        observed.Telemetry.Clear();

        await storage.Invoking(s => s.SaveAsync("u", ObservedStorage.Default, stale!)).Should().ThrowAsync<CartConflictException>();

        var telemetry = observed.Telemetry;
        telemetry.Sum("cart.storage.operations", ("cart.storage.backend", "cache"), ("cart.storage.operation", "save"), ("cart.storage.outcome", "conflict")).Should().Be(1);
        telemetry.Sum("cart.storage.conflicts", ("cart.storage.backend", "cache"), ("cart.storage.operation", "save")).Should().Be(1);
        var span = telemetry.Spans.Should().ContainSingle().Subject;
        span.GetTagItem("cart.storage.outcome").Should().Be("conflict");
        span.GetTagItem("error.type").Should().Be(typeof(CartConflictException).FullName);
        span.Status.Should().Be(ActivityStatusCode.Error);
    }

    [Fact]
    public async Task A_span_is_a_child_of_the_callers_activity_and_not_left_current_afterwards()
    {
        await using var observed = ObservedStorage.MemoryCache();
        using var request = new Activity("request").Start();

        await observed.Storage.PutItemsAsync("u", ObservedStorage.Default, [CartData.Item("a")]);

        Activity.Current.Should().BeSameAs(request);
        var span = observed.Telemetry.Spans.Should().ContainSingle().Subject;
        span.ParentSpanId.Should().Be(request.SpanId);
        span.TraceId.Should().Be(request.TraceId);
    }
}
