using System.Diagnostics;
using Cart.Storage.Testing;
using static Cart.Storage.Observability.Tests.Tags;

namespace Cart.Storage.Observability.Tests;

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
        var operation = telemetry.Measurements(Operations).Should().ContainSingle().Subject;
        operation.Should().Match<Recorded>(m => m.Value == 1 && m.Unit == "{operation}"
            && m.Has(Backend, "cache") && m.Has(Operation, "update") && m.Has(Outcome, "success"));
        telemetry.Measurements(Duration).Should().ContainSingle().Which.Should().Match<Recorded>(m => m.Unit == "s" && m.Value >= 0
            && m.Has(Backend, "cache") && m.Has(Operation, "update") && m.Has(Outcome, "success"));
        telemetry.Measurements(PayloadSize).Should().ContainSingle().Which.Should().Match<Recorded>(m => m.Unit == "By" && m.Value > 50 && m.Has(Backend, "cache"));

        var span = telemetry.Spans.Should().ContainSingle().Subject;
        span.Source.Name.Should().Be("Cart.Storage");
        span.OperationName.Should().Be("cart.storage.update");
        span.Kind.Should().Be(ActivityKind.Internal);
        span.Status.Should().Be(ActivityStatusCode.Unset);
        span.GetTagItem(Backend).Should().Be("cache");
        span.GetTagItem(Operation).Should().Be("update");
        span.GetTagItem(Instance).Should().Be(instance);
        span.GetTagItem(Outcome).Should().Be("success");
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

        observed.Telemetry.Sum(Operations, (Operation, "get"), (Outcome, "success")).Should().Be(3);
        observed.Telemetry.Measurements(Operations).Should().HaveCount(3);
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
        telemetry.Sum(Operations, (Backend, "cache"), (Operation, "save"), (Outcome, "conflict")).Should().Be(1);
        telemetry.Sum(Conflicts, (Backend, "cache"), (Operation, "save")).Should().Be(1);
        var span = telemetry.Spans.Should().ContainSingle().Subject;
        span.GetTagItem(Outcome).Should().Be("conflict");
        span.GetTagItem(ErrorType).Should().Be(typeof(CartConflictException).FullName);
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
