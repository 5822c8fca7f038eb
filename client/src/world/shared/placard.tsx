import { useEffect, useMemo, type ComponentProps } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
import { canvasFont } from '../../i18n/fonts';
import { useCanvasFonts } from '../../i18n/use-canvas-fonts';

/** Props of {@link Placard}. */
export type PlacardProps = ComponentProps<'group'> & {
  title: string;
  subtitle?: string;
  /** Width in metres; the height follows the canvas. */
  width?: number;
};

/** A museum's glance label: a small lit panel with the car's name and year. */
export function Placard({ title, subtitle, width = 0.9, ...props }: PlacardProps) {
  const fonts = useCanvasFonts(`${title}${subtitle ?? ''}`);
  const texture = useMemo(() => drawPlacard(title, subtitle, fonts.language), [title, subtitle, fonts.language, fonts.version]);
  useEffect(() => () => texture.dispose(), [texture]);
  return (
    <group {...props}>
      <mesh position={[0, 0, -0.02]}>
        <boxGeometry args={[width + 0.04, width * 0.4 + 0.04, 0.03]} />
        <meshStandardMaterial color="#2b2824" roughness={0.4} metalness={0.6} />
      </mesh>
      <mesh>
        <planeGeometry args={[width, width * 0.4]} />
        <meshBasicMaterial map={texture} toneMapped={false} />
      </mesh>
    </group>
  );
}

function drawPlacard(title: string, subtitle: string | undefined, language: string): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = 512;
  canvas.height = 205;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#14120f';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.strokeStyle = '#b08d4f';
  g.lineWidth = 3;
  g.strokeRect(10, 10, canvas.width - 20, canvas.height - 20);
  g.textAlign = 'center';
  g.fillStyle = '#f1e9da';
  g.font = canvasFont('600 54px', 'serif', language);
  g.fillText(title.toLocaleUpperCase(language), canvas.width / 2, 100, canvas.width - 60);
  if (subtitle) {
    g.fillStyle = '#c9a866';
    g.font = canvasFont('400 32px', 'sans', language);
    g.fillText(subtitle, canvas.width / 2, 155, canvas.width - 60);
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  return texture;
}
