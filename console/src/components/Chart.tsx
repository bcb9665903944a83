/**
 * One ECharts instance per chart, sized to its box. Only the chart kinds the console uses are
 * registered (tree-shaken ECharts), rendered on canvas. `label` names the chart for screen readers.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GraphChart, HeatmapChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, DataZoomComponent, VisualMapComponent, MarkLineComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function Chart({ option, height = 280, label, testId, onClick }: { option: ChartOption; height?: number; label: string; testId?: string; onClick?: (params: { name?: string; data?: unknown; dataIndex?: number; seriesName?: string }) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.off('click');
    if (onClick) c.on('click', (p) => onClick(p as never));
  }, [onClick]);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    // No entry animation unless a chart asks for one: a dashboard of several charts is drawn once,
    // not animated for a second while the next ones are still being laid out.
    c.setOption({ animation: false, ...option }, { notMerge: true });
    // Rendered, and how many times: a test (or a person measuring) can tell when this option is drawn.
    box.current?.setAttribute('data-rendered', 'true');
    box.current?.setAttribute('data-draws', String(Number(box.current.getAttribute('data-draws') ?? 0) + 1));
  }, [option]);
  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
