using CartStorage.Testing;

namespace CartStorage.Reliability.Tests.Catalogue;

/// <summary>
/// The stored-data part of the bad-input catalogue, per backend family: a cart whose stored data cannot be read is
/// reported as <see cref="CartDataCorruptedException"/> naming the cart, never read as empty, never overwritten by a
/// write, and its neighbour is untouched. (The contract suite's own six cases run on every backend too.)
/// </summary>
public abstract class StoredDataCatalogueTests : IAsyncLifetime
{
    private const string Default = "default";

    /// <summary>JSON that a jsonb column also holds: wrong shapes, wrong types, missing members.</summary>
    public static TheoryData<string> WrongJson => new()
    {
        "null", "42", "true", "\"text\"", "[null]", "[1]", "{}", "[{\"id\":\"a\"}]",
        "[{\"id\":\"a\",\"name\":\"A\",\"quantity\":\"many\"}]", "[{\"id\":\"a\",\"name\":\"A\",\"price\":\"1.5\"}]",
        "[{\"id\":\"a\",\"name\":\"A\",\"conditions\":[null]}]", "[{\"id\":\"a\",\"name\":\"A\",\"attributes\":[]}]",
        new string('[', 100) + new string(']', 100),
    };

    protected TestBackend Backend { get; private set; } = null!;

    public async Task InitializeAsync() => Backend = await CreateBackendAsync();

    public Task DisposeAsync() => Backend.DisposeAsync().AsTask();

    [Theory]
    [MemberData(nameof(WrongJson))]
    public Task Wrong_json_is_corruption_never_an_empty_cart_and_is_never_overwritten(string raw) => AssertCorruptionAsync(raw);

    protected abstract Task<TestBackend> CreateBackendAsync();

    protected async Task AssertCorruptionAsync(string raw)
    {
        var storage = Backend.Create();
        var id = CartData.NewIdentifier();
        var neighbour = CartData.NewIdentifier("neighbour");
        await storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await storage.PutItemsAsync(neighbour, Default, [CartData.Item("n")]);
        await Backend.StoreRawAsync(id, Default, raw);

        var read = await FluentActions.Awaiting(() => storage.GetAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>();
        read.Which.Message.Should().NotContain(id).And.Contain("cannot be read");
        read.Which.Identifier.Should().Be(id);
        await FluentActions.Awaiting(() => storage.PutItemsAsync(id, Default, [CartData.Item("b")])).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => storage.SaveAsync(id, Default, CartSnapshot.Empty with { Version = 1 })).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => storage.GetItemsAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>("a write must not have replaced the unreadable cart");

        (await storage.GetItemsAsync(neighbour, Default)).Select(i => i.Id).Should().Equal("n");
        await storage.ForgetAsync(id, Default);
        (await storage.HasAsync(id, Default)).Should().BeFalse("ForgetAsync is the documented way out");
    }
}

/// <summary>The cache family: one JSON document per cart (docs/stored-format.md), so also text that is not JSON and unknown formats.</summary>
public abstract class CacheStoredDataCatalogueTests : StoredDataCatalogueTests
{
    public static TheoryData<string> BrokenDocuments => new()
    {
        "", "not json", "{\"format\":1,\"items\":[{\"id\":\"a\"", "\uFEFF{", "{\"format\":2,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":0,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":0,\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"not-a-guid\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"createdAt\":\"yesterday\",\"items\":[],\"conditions\":[],\"metadata\":{}}",
        "{\"format\":1,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":[]}",
        "{\"format\":\"1\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}",
    };

    [Theory]
    [MemberData(nameof(BrokenDocuments))]
    public Task A_broken_document_is_corruption_never_an_empty_cart_and_is_never_overwritten(string raw) => AssertCorruptionAsync(raw);
}

public sealed class MemoryCacheStoredDataCatalogueTests : CacheStoredDataCatalogueTests
{
    protected override Task<TestBackend> CreateBackendAsync() => Task.FromResult(TestBackend.MemoryCache());
}

public sealed class RedisCacheStoredDataCatalogueTests : CacheStoredDataCatalogueTests
{
    protected override Task<TestBackend> CreateBackendAsync() => TestBackend.RedisCacheAsync(locking: true);
}

/// <summary>The database family (items, conditions and metadata columns, the same raw value planted in all three) on SQLite.</summary>
public sealed class SqliteStoredDataCatalogueTests : StoredDataCatalogueTests
{
    /// <summary>SQLite keeps the columns as text, so text that is not JSON fits too.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[{\"id\":\"a\"")]
    public Task Text_that_is_not_json_is_corruption_never_an_empty_cart_and_is_never_overwritten(string raw) => AssertCorruptionAsync(raw);

    protected override Task<TestBackend> CreateBackendAsync() => Task.FromResult(TestBackend.Sqlite(lockForUpdate: false));
}

/// <summary>The database family on PostgreSQL (jsonb columns: only JSON can be planted).</summary>
public sealed class PostgreSqlStoredDataCatalogueTests : StoredDataCatalogueTests
{
    protected override Task<TestBackend> CreateBackendAsync() => TestBackend.PostgreSqlAsync(lockForUpdate: true);
}
