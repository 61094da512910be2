package dev.overlay.sim;

import java.util.Arrays;

/**
 * Pending events in time order; events due at the same time come out in the order they were added,
 * which is what makes a run repeat exactly. Each event is four ints and an optional object kept in
 * parallel arrays (a binary heap of slot numbers over them), so the common events (a copy of a
 * message on a link) allocate nothing.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class EventQueue {

    private long[] time = new long[1024];
    private long[] order = new long[1024];
    private int[] kind = new int[1024];
    private int[] a = new int[1024];
    private int[] b = new int[1024];
    private int[] c = new int[1024];
    private int[] d = new int[1024];
    private Object[] ref = new Object[1024];
    private int[] heap = new int[1024];
    private int[] free = new int[1024];
    private int freeCount;
    private int slots;
    private int size;
    private long added;

    /** The event last taken by {@link #poll()}. */
    long polledTime;
    int polledKind;
    int polledA;
    int polledB;
    int polledC;
    int polledD;
    Object polledRef;

    void add(long at, int eventKind, int first, int second, int third, int fourth, Object attachment) {
        int slot = freeCount > 0 ? free[--freeCount] : newSlot();
        time[slot] = at;
        order[slot] = added++;
        kind[slot] = eventKind;
        a[slot] = first;
        b[slot] = second;
        c[slot] = third;
        d[slot] = fourth;
        ref[slot] = attachment;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = slot;
        siftUp(size++);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long nextTime() {
        return time[heap[0]];
    }

    /** Takes the earliest event into the {@code polled*} fields. */
    void poll() {
        int slot = heap[0];
        polledTime = time[slot];
        polledKind = kind[slot];
        polledA = a[slot];
        polledB = b[slot];
        polledC = c[slot];
        polledD = d[slot];
        polledRef = ref[slot];
        ref[slot] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = slot;
        heap[0] = heap[--size];
        if (size > 0) {
            siftDown(0);
        }
    }

    private int newSlot() {
        if (slots == time.length) {
            int n = slots * 2;
            time = Arrays.copyOf(time, n);
            order = Arrays.copyOf(order, n);
            kind = Arrays.copyOf(kind, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
            c = Arrays.copyOf(c, n);
            d = Arrays.copyOf(d, n);
            ref = Arrays.copyOf(ref, n);
        }
        return slots++;
    }

    private boolean before(int x, int y) {
        return time[x] < time[y] || (time[x] == time[y] && order[x] < order[y]);
    }

    private void siftUp(int i) {
        int slot = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(slot, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = slot;
    }

    private void siftDown(int i) {
        int slot = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], slot)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = slot;
    }
}
